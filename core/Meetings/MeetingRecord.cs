namespace BranchBot.Core.Meetings;

/// <summary>
/// A meeting's record (会议记录) as one versioned document: 议题 in order, 主持人 and 记录人, the minutes, 决议, and its
/// sign-off. <see cref="Version"/> is 0 before the first save and grows by one with each; every save names the version
/// it read (compare-and-set). Photos and attendance live beside it (<see cref="IMeetingRecords"/>, <see cref="IMeetingStore"/>).
/// </summary>
public sealed record MeetingRecord(
    string MeetingId,
    long Version,
    IReadOnlyList<string> Agenda,
    string? HostMemberId,
    string? RecorderMemberId,
    string Minutes,
    IReadOnlyList<string> Resolutions,
    RecordSignOff? SignedOff = null,
    bool EverSignedOff = false,
    IReadOnlyList<string>? ChatLineIds = null)
{
    public static MeetingRecord Empty(Meeting meeting) => new(meeting.Id, 0, [], meeting.HostMemberId, null, string.Empty, []);

    /// <summary>Signed off and not reopened since: edits are refused.</summary>
    public bool Locked => SignedOff is not null;
}

/// <summary>Who signed the record off and when.</summary>
public sealed record RecordSignOff(string By, DateTimeOffset At);

/// <summary>The outcome of a compare-and-set save: saved (with the stored record), or the record as it now is.</summary>
public sealed record RecordSave(bool Saved, MeetingRecord? Current);

/// <summary>Limits of a record; more is refused with a <see cref="Common.FieldError"/>, never cut silently.</summary>
public static class RecordLimits
{
    public const int MaxAgendaItems = 20;
    public const int MaxAgendaItemLength = 100;
    public const int MaxMinutesLength = 20_000;
    public const int MaxResolutions = 20;
    public const int MaxResolutionLength = 500;
    public const int MaxReasonLength = 200;

    /// <summary>How many chat message ids a record remembers, so a line repeated by WeChat is appended once.</summary>
    public const int ChatLineMemory = 50;
}
