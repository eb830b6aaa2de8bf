namespace BranchBot.Core.Meetings;

/// <summary>Where a member's 补学 for a meeting stands: owed, reported done (with a note), confirmed by the secretary.</summary>
public enum MakeUpState
{
    Owed,
    Done,
    Confirmed,
}

/// <summary>One member's 补学 for one meeting. Times are UTC.</summary>
public sealed record MakeUpTask(
    string MeetingId,
    string MemberId,
    MakeUpState State,
    DateTimeOffset Deadline,
    string? Note = null,
    DateTimeOffset? DoneAt = null,
    DateTimeOffset? ConfirmedAt = null);

/// <summary>The task after a change was tried: whether it applied, and the task as it stands (null: no such task).</summary>
public sealed record MakeUpChange(bool Applied, MakeUpTask? Current);

/// <summary>补学 tasks: owed when a meeting closes, reported by the member, confirmed by the secretary; every step once.</summary>
public interface IMakeUpStore
{
    /// <summary>Records that these members owe 补学 for the meeting; a task that exists already is kept as it stands.</summary>
    Task OweAsync(string meetingId, IReadOnlyList<string> memberIds, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>Replaces the task with <paramref name="next"/> only if its state is still <paramref name="from"/>.</summary>
    Task<MakeUpChange> AdvanceAsync(MakeUpTask next, MakeUpState from, CancellationToken cancellationToken);

    Task<IReadOnlyList<MakeUpTask>> ListForMeetingAsync(string meetingId, CancellationToken cancellationToken);

    /// <summary>The member's tasks, oldest deadline first.</summary>
    Task<IReadOnlyList<MakeUpTask>> ListForMemberAsync(string memberId, CancellationToken cancellationToken);
}
