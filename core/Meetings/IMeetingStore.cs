namespace BranchBot.Core.Meetings;

/// <summary>Port for meetings and their attendance. Every change of a record is a single atomic store call.</summary>
public interface IMeetingStore
{
    /// <summary>
    /// Creates or replaces a meeting (the caller bumps its version) with its attendee list: attendees who stay keep
    /// their record; new ones start 未签到; removed ones are dropped.
    /// </summary>
    /// <paramref name="closeAt"/>: when the check-in window ends and absentees are to be marked.
    Task SaveAsync(Meeting meeting, IReadOnlyList<string> attendeeIds, DateTimeOffset closeAt, CancellationToken cancellationToken);

    /// <summary>Ids of meetings whose check-in window ended by <paramref name="now"/> and that were not closed yet.</summary>
    Task<IReadOnlyList<string>> DueForClosingAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Takes a meeting off the closing list.</summary>
    Task MarkClosedAsync(string meetingId, CancellationToken cancellationToken);

    Task<Meeting?> GetMeetingAsync(string meetingId, CancellationToken cancellationToken);

    /// <summary>Meetings of a branch starting in [from, to), by start time.</summary>
    Task<IReadOnlyList<Meeting>> ListByBranchAsync(string branchId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Meetings a member attends starting in [from, to), by start time.</summary>
    Task<IReadOnlyList<Meeting>> ListForMemberAsync(string memberId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task<IReadOnlyList<AttendanceRecord>> GetAttendanceAsync(string meetingId, CancellationToken cancellationToken);

    Task<AttendanceRecord?> GetAttendeeAsync(string meetingId, string memberId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets an attendee's status only if it is currently one of <paramref name="from"/> (compare-and-set), so a retry
    /// or a second instance never toggles or overwrites it. Returns the record as it is after the call.
    /// </summary>
    Task<AttendanceChange> ChangeAttendanceAsync(AttendanceRecord next, IReadOnlyCollection<AttendanceStatus> from, CancellationToken cancellationToken);
}

/// <summary>Whether the change applied, and the record as it now stands (null if the member is not an attendee).</summary>
public sealed record AttendanceChange(bool Applied, AttendanceRecord? Current);
