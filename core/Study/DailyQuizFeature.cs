using System.Globalization;
using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Study;

/// <summary>每日答题: a set drawn from the whole bank (<see cref="SetQuiz"/>), a point per right answer up to the daily cap.</summary>
public sealed class DailyQuizFeature(QuestionBankCache bank, IStudyStore study, QuizOptions options) : IConversationFeature
{
    public const string FlowName = "daily";

    private readonly SetRules _rules = new(StudyFlows.Daily, "答题", "每日答题", "daily", options.DailyPointsPerCorrect, options.DailyCap, QuizTexts.DailyDone);

    public string Name => FlowName;

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("答题", "每日答题，每组 5 题", ["每日答题"], "QUIZ_DAILY"),
        new("再来一组", null, ["再来"]),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var current = bank.Current;
        if (current.All.Count == 0)
        {
            return new TurnResult(Reply.Text(QuizTexts.EmptyBank), turn.Session);
        }

        var intro = string.Format(CultureInfo.InvariantCulture, QuizTexts.DailyIntro, Math.Min(options.SetSize, current.All.Count), options.DailyPointsPerCorrect, options.DailyCap);
        return await SetQuiz.StartAsync(turn, _rules, current.All, study, options, intro, cancellationToken);
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) =>
        SetQuiz.ContinueAsync(turn, _rules, bank, study, options, cancellationToken);
}
