using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Study;

/// <summary>
/// An answer-like reply ("A", "对", "AC") with no quiz running means the set ended (the session expired):
/// say so politely instead of "not understood".
/// </summary>
public sealed class QuizFallback : IFallbackHandler
{
    private static readonly string[] TrueFalse = ["对", "错", "√", "×", "正确", "错误"];

    public ValueTask<TurnResult?> OnUnmatchedAsync(Turn turn, CancellationToken cancellationToken)
    {
        var text = turn.Text?.Normalize(System.Text.NormalizationForm.FormKC).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var answerLike = text is { Length: >= 1 and <= 6 } && (text.All(c => c is >= 'A' and <= 'F') || TrueFalse.Contains(text));
        return ValueTask.FromResult(answerLike && turn.Member is not null
            ? new TurnResult(Reply.Text(QuizTexts.Expired), turn.Session)
            : null);
    }
}
