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

/// <summary>
/// 应到 / 实到 (of which late) / 请假 (approved) / 缺席 / not yet checked in / 请假待批: a leave not yet decided counts
/// neither as 请假 nor as 缺席 (待处理 for the secretary) until it is.
/// </summary>
public sealed record AttendanceCounts(int Expected, int Present, int Late, int Leave, int Absent, int Pending, int Undecided = 0)
{
    public static AttendanceCounts Of(IReadOnlyCollection<AttendanceRecord> records) => new(
        records.Count,
        records.Count(r => r.CheckedIn),
        records.Count(r => r.Status == AttendanceStatus.Late),
        records.Count(r => r.Status == AttendanceStatus.OnLeave),
        records.Count(r => r.Status is AttendanceStatus.Absent or AttendanceStatus.LeaveRefused && !r.CheckedIn),
        records.Count(r => r.Status is AttendanceStatus.Pending or AttendanceStatus.Unverified),
        records.Count(r => r.Status == AttendanceStatus.LeaveRequested));
}

/// <summary>
/// The quorum of a 支部党员大会: attendees with a vote (正式党员) who should attend and who came. A vote needs more than
/// half of them present, an election more than four fifths (《中国共产党基层组织选举工作条例》); exactly half is not enough.
/// </summary>
public sealed record Quorum(int Expected, int Present)
{
    public bool ForVote => Present * 2 > Expected;

    public bool ForElection => Present * 5 > Expected * 4;

    public static Quorum Of(IEnumerable<AttendanceRecord> records, Func<string, bool> hasVote)
    {
        var voting = records.Where(r => hasVote(r.MemberId)).ToList();
        return new Quorum(voting.Count, voting.Count(r => r.CheckedIn));
    }

    /// <summary>Whether a meeting's attendance should show the quorum: it is (also) a 支部党员大会.</summary>
    public static bool Applies(Meeting meeting) => meeting.CountsAs(MeetingType.PartyCongress);

    public string Line =>
        $"有表决权应到 {Expected} 人，实到 {Present} 人；表决须超过半数（{(ForVote ? "已达到" : "未达到")}），选举须超过五分之四（{(ForElection ? "已达到" : "未达到")}）。";
}
