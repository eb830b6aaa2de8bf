using System.Globalization;
using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;
using BranchBot.Core.Study;

namespace BranchBot.Core.Study;

/// <summary>
/// What makes one kind of question set: its flow, its title in each question's header, its points rule and daily
/// cap, and what the closing line suggests next. 每日答题 and 专项答题 differ only in these.
/// </summary>
internal sealed record SetRules(FlowCodec<SetState> Codec, string Command, string Title, string Rule, int PointsPerCorrect, int DailyCap, string DoneText)
{
    public string Flow => Codec.Flow;
}

/// <summary>
/// A set of questions drawn for the member, one at a time, a point per right answer up to the rules' daily cap.
/// The set lives in the session (<see cref="SetState"/>), so any instance can take the next answer.
/// </summary>
internal static class SetQuiz
{
    public static async ValueTask<TurnResult> StartAsync(Turn turn, SetRules rules, IReadOnlyList<Question> pool, IStudyStore study, QuizOptions options, string intro, CancellationToken cancellationToken)
    {
        var member = turn.Member!;
        var today = StudyPeriods.ChinaDate(turn.Now);
        var seen = await study.GetSeenAsync(member.MemberId, cancellationToken);
        var setId = turn.StableId(rules.Flow);
        var picks = QuestionDraw.Pick(pool, seen, today, options.NoRepeatDays, options.SetSize, setId);
        await study.MarkSeenAsync(member.MemberId, picks.Select(q => q.Id).ToArray(), today, cancellationToken);

        var session = rules.Codec.Write(new SetState(setId, picks.Select(q => q.Id).ToArray(), 0, 0, 0));
        return new TurnResult(Reply.Text(intro + "\n\n" + QuestionFormat.Render(picks[0], $"{rules.Title} 1/{picks.Count}")), session);
    }

    public static async ValueTask<TurnResult> ContinueAsync(Turn turn, SetRules rules, QuestionBankCache bank, IStudyStore study, QuizOptions options, CancellationToken cancellationToken)
    {
        if (turn.Text is null || turn.Member is null)
        {
            return TurnResult.Declined;
        }

        if (rules.Codec.Read(turn.Session) is not { } set)
        {
            return FlowRestart.Reply(rules.Command);
        }

        if (set.Current(bank.Current) is not { } question)
        {
            return new TurnResult(Reply.Text(QuizTexts.SetGone), turn.Session.End());
        }

        var member = turn.Member;
        var award = new PointsAward($"{rules.Flow}:{member.MemberId}:{set.SetId}:{question.Id}", rules.Rule + "@" + options.RulesVersion, rules.PointsPerCorrect, rules.DailyCap, turn.Now);
        var book = new WrongBookChange(question.Id, WrongBookOp.Add, options.WrongBookLeaveAfter);
        var answered = await AnswerStep.AnswerAsync(study, turn, question, award, null, book, cancellationToken);
        if (answered is null)
        {
            return TurnResult.DeclineWith(QuestionFormat.Hint(question));
        }

        var correct = set.Correct + (answered.Correct ? 1 : 0);
        var points = set.Points + answered.Awarded;
        var capped = answered.Correct && answered.Awarded == 0 && rules.PointsPerCorrect > 0;
        var text = answered.Text + (capped ? QuizTexts.CapReached : string.Empty);
        if (set.Next(bank.Current) is { } next)
        {
            var index = set.Index + 1;
            var session = rules.Codec.Write(set with { Index = index, Correct = correct, Points = points });
            return new TurnResult(Reply.Text(text + "\n\n" + QuestionFormat.Render(next, $"{rules.Title} {index + 1}/{set.Ids.Count}")), session, answered.Rankings);
        }

        var summary = string.Format(CultureInfo.InvariantCulture, rules.DoneText, correct, set.Ids.Count, points);
        return new TurnResult(Reply.Text(text + "\n\n" + summary), turn.Session.End(), answered.Rankings);
    }
}
