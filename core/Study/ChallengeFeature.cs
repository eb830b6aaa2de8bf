using System.Globalization;
using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;
using BranchBot.Core.Study;

namespace BranchBot.Core.Study;

/// <summary>
/// 挑战答题: questions until the first mistake. Points are awarded as each tier of run length is reached
/// (by default 3 at 5 in a row, 6 in all at 10), so leaving mid-run keeps what was earned. Each question has a clock
/// (Quiz:ChallengeSecondsPerQuestion) from when it was sent: an answer after it counts as a miss, so a question
/// cannot be looked up.
/// </summary>
public sealed class ChallengeFeature(QuestionBankCache bank, IStudyStore study, QuizOptions options) : IConversationFeature
{
    public const string FlowName = "challenge";

    public string Name => FlowName;

    public IReadOnlyList<CommandSpec> Commands { get; } = [new("挑战", "挑战答题，答错为止", ["挑战答题"], "QUIZ_CHALLENGE")];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var current = bank.Current;
        if (current.All.Count == 0)
        {
            return new TurnResult(Reply.Text(QuizTexts.EmptyBank), turn.Session);
        }

        var run = turn.StableId("challenge");
        var seen = await study.GetSeenAsync(turn.Member!.MemberId, cancellationToken);
        var first = QuestionDraw.Pick(current, seen, StudyPeriods.ChinaDate(turn.Now), options.NoRepeatDays, 1, run)[0];
        var session = StudyFlows.Challenge.Write(ChallengeState.First(run, first, turn.Now));
        var tiers = string.Join("，", options.Tiers.Select(t => string.Format(CultureInfo.InvariantCulture, QuizTexts.ChallengeTier, t.Run, t.Points)));
        var intro = string.Format(CultureInfo.InvariantCulture, QuizTexts.ChallengeIntro, tiers)
            + (options.ChallengeSecondsPerQuestion > 0 ? string.Format(CultureInfo.InvariantCulture, QuizTexts.ChallengeClock, options.ChallengeSecondsPerQuestion) : string.Empty);
        return new TurnResult(Reply.Text(intro + "\n\n" + QuestionFormat.Render(first, "挑战 第1题")), session);
    }

    public async ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Text is null || turn.Member is null)
        {
            return TurnResult.Declined;
        }

        if (StudyFlows.Challenge.Read(turn.Session) is not { } state)
        {
            return FlowRestart.Reply("挑战");
        }

        if (bank.Current.Find(state.QuestionId) is not { } question)
        {
            return new TurnResult(Reply.Text(QuizTexts.SetGone), turn.Session.End());
        }

        var member = turn.Member;
        var run = state.Run;
        var streak = state.Streak;
        var earned = state.Points;
        var used = turn.Now - DateTimeOffset.FromUnixTimeMilliseconds(state.AskedAtMs);
        var limit = TimeSpan.FromSeconds(options.ChallengeSecondsPerQuestion);
        if (limit > TimeSpan.Zero && used > limit)
        {
            // Too late: a miss, whatever the reply says. The question goes into the wrong-answer book.
            await study.RecordAsync(new StudyRecord(member.MemberId, null, new WrongBookChange(question.Id, WrongBookOp.Add, options.WrongBookLeaveAfter), question.Id), cancellationToken);
            var late = string.Format(CultureInfo.InvariantCulture, QuizTexts.ChallengeLate, options.ChallengeSecondsPerQuestion, Math.Ceiling(used.TotalSeconds), AnswerChecker.DescribeAnswer(question));
            var lateOver = string.Format(CultureInfo.InvariantCulture, QuizTexts.ChallengeOver, streak, earned);
            return new TurnResult(Reply.Text(late + "\n\n" + lateOver), turn.Session.End());
        }

        var award = TierAward(member.MemberId, run, streak + 1, turn.Now);
        var book = new WrongBookChange(question.Id, WrongBookOp.Add, options.WrongBookLeaveAfter);
        var answered = await AnswerStep.AnswerAsync(study, turn, question, award, null, book, cancellationToken);
        if (answered is null)
        {
            return TurnResult.DeclineWith(QuestionFormat.Hint(question));
        }

        var clock = limit > TimeSpan.Zero
            ? string.Format(CultureInfo.InvariantCulture, QuizTexts.ChallengeTimeLeft, Math.Ceiling(used.TotalSeconds), Math.Max(0, Math.Floor((limit - used).TotalSeconds)))
            : string.Empty;
        if (!answered.Correct)
        {
            var over = string.Format(CultureInfo.InvariantCulture, QuizTexts.ChallengeOver, streak, earned);
            return new TurnResult(Reply.Text(answered.Text + clock + "\n\n" + over), turn.Session.End(), answered.Rankings);
        }

        streak++;
        earned += answered.Awarded;
        var asked = bank.Current.All.Where(q => state.WasAsked(q.Id)).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var askedFacts = asked.Select(bank.Current.Find).Select(q => q?.Fact).OfType<string>().ToHashSet(StringComparer.Ordinal);
        asked.UnionWith(bank.Current.All.Where(q => q.Fact is not null && askedFacts.Contains(q.Fact)).Select(q => q.Id));
        var next = streak >= options.ChallengeMaxQuestions
            ? null
            : QuestionDraw.Pick(bank.Current, new Dictionary<string, DateOnly>(), StudyPeriods.ChinaDate(turn.Now), 0, 1, run + ":" + streak, asked).FirstOrDefault();
        if (next is null)
        {
            var done = string.Format(CultureInfo.InvariantCulture, QuizTexts.ChallengeAllDone, streak, earned);
            return new TurnResult(Reply.Text(answered.Text + clock + "\n\n" + done), turn.Session.End(), answered.Rankings);
        }

        var session = StudyFlows.Challenge.Write(state.Next(next, turn.Now, streak, earned));
        return new TurnResult(Reply.Text(answered.Text + clock + "\n\n" + QuestionFormat.Render(next, $"挑战 第{streak + 1}题 · 已连对{streak}题")), session, answered.Rankings);
    }

    /// <summary>The award for reaching a run of <paramref name="length"/>, if that is a tier: the tier's total minus the previous tier's.</summary>
    private PointsAward? TierAward(string memberId, string run, int length, DateTimeOffset at)
    {
        var tiers = options.Tiers;
        for (var i = 0; i < tiers.Count; i++)
        {
            if (tiers[i].Run == length)
            {
                var delta = tiers[i].Points - (i == 0 ? 0 : tiers[i - 1].Points);
                return delta > 0 ? new PointsAward($"challenge:{memberId}:{run}:{length}", "challenge@" + options.RulesVersion, delta, options.ChallengeDailyCap, at) : null;
            }
        }

        return null;
    }
}
