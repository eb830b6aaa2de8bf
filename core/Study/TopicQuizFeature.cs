using System.Globalization;
using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Study;

/// <summary>
/// 专项答题: 「专项」 lists the bank's categories with how many of each the member has practised; 「专项 党史」 draws a
/// set from that category, scored by the same ledger under its own rule and daily cap.
/// </summary>
public sealed class TopicQuizFeature(QuestionBankCache bank, IStudyStore study, QuizOptions options) : IConversationFeature
{
    public const string FlowName = "topic";

    private readonly SetRules _rules = new(StudyFlows.Topic, "专项", "专项答题", "topic", options.TopicPointsPerCorrect, options.TopicDailyCap, QuizTexts.TopicDone);

    public string Name => FlowName;

    public IReadOnlyList<CommandSpec> Commands { get; } = [new("专项", "专项答题，按分类练习", ["专项答题"], "QUIZ_TOPIC")];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var current = bank.Current;
        if (current.All.Count == 0)
        {
            return new TurnResult(Reply.Text(QuizTexts.EmptyBank), turn.Session);
        }

        var categories = current.All.GroupBy(q => q.Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var wanted = command.Arguments.Trim();
        if (wanted.Length == 0)
        {
            var seen = await study.GetSeenAsync(turn.Member!.MemberId, cancellationToken);
            var lines = categories.Select(g => string.Create(CultureInfo.InvariantCulture, $"· {g.Key}：已练习 {g.Count(q => seen.ContainsKey(q.Id))}/{g.Count()} 题"));
            return new TurnResult(Reply.Text(QuizTexts.TopicList + "\n" + string.Join("\n", lines) + "\n" + QuizTexts.TopicHow), turn.Session);
        }

        var category = categories.FirstOrDefault(g => string.Equals(g.Key, wanted, StringComparison.OrdinalIgnoreCase))
            ?? categories.FirstOrDefault(g => g.Key.Contains(wanted, StringComparison.OrdinalIgnoreCase));
        if (category is null)
        {
            var names = string.Join("、", categories.Select(g => g.Key));
            return new TurnResult(Reply.Text(string.Format(CultureInfo.InvariantCulture, QuizTexts.TopicUnknown, wanted, names)), turn.Session);
        }

        var pool = category.ToList();
        var intro = string.Format(CultureInfo.InvariantCulture, QuizTexts.TopicIntro, category.Key, Math.Min(options.SetSize, pool.Count), options.TopicPointsPerCorrect, options.TopicDailyCap);
        return await SetQuiz.StartAsync(turn, _rules with { Title = "专项·" + category.Key }, pool, study, options, intro, cancellationToken);
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) =>
        SetQuiz.ContinueAsync(turn, _rules with { Title = "专项答题" }, bank, study, options, cancellationToken);
}
