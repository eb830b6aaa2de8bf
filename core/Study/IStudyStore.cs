using BranchBot.Core.Study;

namespace BranchBot.Core.Study;

/// <summary>
/// Port for what a member's study leaves behind: questions seen, the wrong-answer book, and the points ledger with its
/// period totals. Each <see cref="RecordAsync"/> is one atomic store call, so a quiz answer costs one round trip here.
/// </summary>
public interface IStudyStore
{
    /// <summary>Question id → the China date it was last drawn for the member.</summary>
    Task<IReadOnlyDictionary<string, DateOnly>> GetSeenAsync(string memberId, CancellationToken cancellationToken);

    Task MarkSeenAsync(string memberId, IReadOnlyList<string> questionIds, DateOnly day, CancellationToken cancellationToken);

    /// <summary>Question id → how many times it has been answered right since it entered the book.</summary>
    Task<IReadOnlyDictionary<string, int>> GetWrongBookAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>Awards points (once per source, within the daily cap) and changes the wrong-answer book, atomically.</summary>
    Task<StudyOutcome> RecordAsync(StudyRecord record, CancellationToken cancellationToken);

    /// <summary>The questions most often answered wrong by anyone, most first.</summary>
    Task<IReadOnlyList<WrongCount>> MostWrongAsync(int count, CancellationToken cancellationToken);

    Task<PointsSummary> GetPointsAsync(string memberId, StudyPeriods periods, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string memberId, CancellationToken cancellationToken);
}

public enum WrongBookOp
{
    /// <summary>Answered wrong outside the book: put it in (or reset its count).</summary>
    Add,
    /// <summary>Answered right while redoing the book: count it; leave the book at the threshold.</summary>
    Right,
}

public sealed record WrongBookChange(string QuestionId, WrongBookOp Op, int LeaveAfterRights);

/// <summary>
/// One answer's consequences. <paramref name="WrongQuestionId"/> (set for a wrong answer) feeds the organisation's
/// most-wrong count; stores keep that off the answer's atomic step and its round trip.
/// </summary>
public sealed record StudyRecord(string MemberId, PointsAward? Award, WrongBookChange? Book, string? WrongQuestionId = null);

/// <summary>How many wrong answers a question has drawn.</summary>
public sealed record WrongCount(string QuestionId, long Wrong);

/// <summary>
/// What <see cref="IStudyStore.RecordAsync"/> did: points actually awarded (0 when capped or already awarded),
/// whether the award's source had been seen before, and whether the question left the wrong-answer book.
/// </summary>
public sealed record StudyOutcome(int Awarded, bool Duplicate, bool LeftBook);
