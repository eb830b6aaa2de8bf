using BranchBot.Core.Conversations;
using BranchBot.Core.Study;

namespace BranchBot.Core.Study;

/// <summary>What one answer did: the verdict, the points awarded, and the text that says so.</summary>
internal sealed record AnsweredQuestion(bool Correct, int Awarded, bool LeftBook, string Text, IReadOnlyList<RankingUpdate> Rankings);

/// <summary>Checks an answer and records its consequences (points, wrong-answer book) in one store call.</summary>
internal static class AnswerStep
{
    /// <returns>Null when the reply fits no option (the caller hints, nothing is recorded).</returns>
    public static async Task<AnsweredQuestion?> AnswerAsync(
        IStudyStore study, Turn turn, Question question, PointsAward? awardIfRight, WrongBookChange? bookIfRight, WrongBookChange? bookIfWrong,
        CancellationToken cancellationToken)
    {
        var verdict = AnswerChecker.Check(question, turn.Text ?? string.Empty);
        if (verdict == AnswerVerdict.Unrecognised)
        {
            return null;
        }

        var member = turn.Member!;
        var correct = verdict == AnswerVerdict.Correct;
        var record = new StudyRecord(member.MemberId, correct ? awardIfRight : null, correct ? bookIfRight : bookIfWrong, correct ? null : question.Id);
        var outcome = record.Award is null && record.Book is null && record.WrongQuestionId is null
            ? new StudyOutcome(0, false, false)
            : await study.RecordAsync(record, cancellationToken);

        var text = QuestionFormat.Verdict(question, correct);
        if (correct && outcome.Awarded > 0)
        {
            text = text.Replace("✅ 回答正确！", $"✅ 回答正确！+{outcome.Awarded} 分", StringComparison.Ordinal);
        }

        IReadOnlyList<RankingUpdate> rankings = outcome.Awarded > 0
            ? [new RankingUpdate(member.MemberId, member.BranchId, outcome.Awarded, turn.Now)]
            : [];
        return new AnsweredQuestion(correct, outcome.Awarded, outcome.LeftBook, text, rankings);
    }
}
