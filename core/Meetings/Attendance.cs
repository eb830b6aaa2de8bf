namespace BranchBot.Core.Meetings;

/// <summary>未签到, 已签到 (on time or 迟到), 请假 (asked, approved or refused), 缺席.</summary>
public enum AttendanceStatus
{
    Pending,
    Present,
    Late,
    LeaveRequested,
    OnLeave,
    LeaveRefused,
    Absent,
    /// <summary>签到待核实: a location picked on the map, inside the fence; the secretary confirms or refuses it.</summary>
    Unverified,
}

/// <summary>How a member checked in.</summary>
public enum CheckInMethod
{
    Code,
    QrCode,
    Location,
    BySecretary,
}

/// <summary>One attendee's record for one meeting.</summary>
public sealed record AttendanceRecord(
    string MeetingId,
    string MemberId,
    AttendanceStatus Status,
    DateTimeOffset? CheckedInAt = null,
    CheckInMethod? Method = null,
    string? LeaveReason = null)
{
    public bool CheckedIn => Status is AttendanceStatus.Present or AttendanceStatus.Late;

    /// <summary>On leave, asked or approved: not reminded, not counted absent.</summary>
    public bool Excused => Status is AttendanceStatus.LeaveRequested or AttendanceStatus.OnLeave;
}

/// <summary>应到 / 实到 (of which late) / 请假 / 缺席 / not yet checked in.</summary>
public sealed record AttendanceCounts(int Expected, int Present, int Late, int Leave, int Absent, int Pending)
{
    public static AttendanceCounts Of(IReadOnlyCollection<AttendanceRecord> records) => new(
        records.Count,
        records.Count(r => r.CheckedIn),
        records.Count(r => r.Status == AttendanceStatus.Late),
        records.Count(r => r.Excused),
        records.Count(r => r.Status is AttendanceStatus.Absent or AttendanceStatus.LeaveRefused && !r.CheckedIn),
        records.Count(r => r.Status is AttendanceStatus.Pending or AttendanceStatus.Unverified));
}
