using System.Globalization;
using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;
using BranchBot.Core.Points;

namespace BranchBot.Core.Quiz;

/// <summary>
/// 每日答题: a set of questions drawn for the member, one at a time, a point per right answer up to a daily cap.
/// The set lives in the session (question ids, position, score), so any instance can take the next answer.
/// </summary>
public sealed class DailyQuizFeature(QuestionBankCache bank, IStudyStore study, QuizOptions options) : IConversationFeature
{
    public const string FlowName = "daily";

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

        var member = turn.Member!;
        var today = StudyPeriods.ChinaDate(turn.Now);
        var seen = await study.GetSeenAsync(member.MemberId, cancellationToken);
        var setId = turn.StableId("daily");
        var picks = QuestionDraw.Pick(current, seen, today, options.NoRepeatDays, options.SetSize, setId);
        await study.MarkSeenAsync(member.MemberId, picks.Select(q => q.Id).ToArray(), today, cancellationToken);

        var session = QuizSet.Start(turn.Session, FlowName, picks).With("set", setId).With("p", "0");
        var intro = string.Format(CultureInfo.InvariantCulture, QuizTexts.DailyIntro, picks.Count, options.DailyPointsPerCorrect, options.DailyCap);
        return new TurnResult(Reply.Text(intro + "\n\n" + QuestionFormat.Render(picks[0], $"每日答题 1/{picks.Count}")), session);
    }

    public async ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Text is null || turn.Member is null)
        {
            return TurnResult.Declined;
        }

        var set = QuizSet.Of(turn.Session);
        if (set.Current(bank.Current) is not { } question)
        {
            return new TurnResult(Reply.Text(QuizTexts.SetGone), turn.Session.End());
        }

        var member = turn.Member;
        var award = new PointsAward($"daily:{member.MemberId}:{turn.Session.Get("set")}:{question.Id}", "daily@" + options.RulesVersion, options.DailyPointsPerCorrect, options.DailyCap, turn.Now);
        var book = new WrongBookChange(question.Id, WrongBookOp.Add, options.WrongBookLeaveAfter);
        var answered = await AnswerStep.AnswerAsync(study, turn, question, award, null, book, cancellationToken);
        if (answered is null)
        {
            return TurnResult.DeclineWith(QuestionFormat.Hint(question));
        }

        var correct = int.Parse(turn.Session.Get("c")!, CultureInfo.InvariantCulture) + (answered.Correct ? 1 : 0);
        var points = int.Parse(turn.Session.Get("p")!, CultureInfo.InvariantCulture) + answered.Awarded;
        var capped = answered.Correct && answered.Awarded == 0 && options.DailyPointsPerCorrect > 0;
        var text = answered.Text + (capped ? QuizTexts.CapReached : string.Empty);
        if (set.Next(bank.Current) is { } next)
        {
            var index = set.Index + 1;
            var session = turn.Session
                .With("i", index.ToString(CultureInfo.InvariantCulture))
                .With("c", correct.ToString(CultureInfo.InvariantCulture))
                .With("p", points.ToString(CultureInfo.InvariantCulture));
            return new TurnResult(Reply.Text(text + "\n\n" + QuestionFormat.Render(next, $"每日答题 {index + 1}/{set.Ids.Count}")), session, answered.Rankings);
        }

        var summary = string.Format(CultureInfo.InvariantCulture, QuizTexts.DailyDone, correct, set.Ids.Count, points);
        return new TurnResult(Reply.Text(text + "\n\n" + summary), turn.Session.End(), answered.Rankings);
    }
}
