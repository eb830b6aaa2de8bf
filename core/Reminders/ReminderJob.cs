namespace BranchBot.Core.Reminders;

/// <summary>What a queued notice is about.</summary>
public enum ReminderKind
{
    /// <summary>A meeting is coming up (one per offset).</summary>
    Reminder,
    /// <summary>The meeting's time or place changed.</summary>
    Changed,
    /// <summary>The meeting was cancelled.</summary>
    Cancelled,
    /// <summary>An absentee must make up the content (补学).</summary>
    MakeUp,
    /// <summary>A branch is behind its 三会一课 cadence (to the secretary).</summary>
    Compliance,
    /// <summary>A member asked leave (to the branch's secretaries, who approve or refuse).</summary>
    LeaveAsked,
    /// <summary>The member's leave was approved.</summary>
    LeaveApproved,
    /// <summary>The member's leave was refused.</summary>
    LeaveRefused,
    /// <summary>The monthly bulletin (通报) of the branch (to the secretary).</summary>
    Bulletin,
}

/// <summary>
/// One notice to one member, due at a time. <see cref="Id"/> is deterministic (meeting, member, offset…), so planning
/// again replaces rather than duplicates; <see cref="MeetingVersion"/> lets a stale notice be recognised.
/// <see cref="Deadline"/> is when a 补学 or a missing meeting is due, for the notice's text and parameters;
/// <see cref="Subject"/> the id of the member a notice to someone else is about (who asked leave); <see cref="Url"/> the
/// page a template message opens (the console's 通报 page).
/// </summary>
public sealed record ReminderJob(
    string Id,
    ReminderKind Kind,
    string MeetingId,
    string MemberId,
    DateTimeOffset Due,
    long MeetingVersion,
    int Attempt = 0,
    string? Text = null,
    string? Title = null,
    DateTimeOffset? Deadline = null,
    string? Subject = null,
    string? Url = null);

/// <summary>The channel a delivery went through.</summary>
public enum DeliveryChannel
{
    Template,
    Sms,
}

public enum DeliveryStatus
{
    Sent,
    Failed,
    Skipped,
}

/// <summary>One recorded result, visible to the secretary.</summary>
public sealed record DeliveryOutcome(
    string JobId,
    ReminderKind Kind,
    string MeetingId,
    string MemberId,
    DeliveryChannel? Channel,
    DeliveryStatus Status,
    string Detail,
    DateTimeOffset At);

/// <summary>What an exactly-once guard found: never tried (or known not sent), being sent (or crashed while sending), sent, or failed for good.</summary>
public enum DeliveryStart
{
    New,
    InFlight,
    Done,
    FailedBefore,
}
