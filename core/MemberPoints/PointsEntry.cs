namespace BranchBot.Core.MemberPoints;

/// <summary>Where a 党员积分 entry comes from.</summary>
public enum PointsSourceKind
{
    Attendance,
    MakeUp,
    Volunteer,
}

/// <summary>
/// One 党员积分 entry, explained: its source (one entry per source and member: <c>att:&lt;meeting&gt;</c>,
/// <c>mku:&lt;meeting&gt;</c>, <c>vol:&lt;id&gt;</c>), the points, the reason in Chinese (with the meeting's title and
/// date), when it happened (its China year is the entry's year), the branch it counts for and who recorded it.
/// </summary>
public sealed record PointsEntry(
    string MemberId,
    string Source,
    PointsSourceKind Kind,
    int Points,
    string Reason,
    DateTimeOffset At,
    string BranchId,
    string? RecordedBy = null,
    string? MeetingId = null)
{
    public int Year => Year0(At);

    /// <summary>The China calendar year of a moment.</summary>
    public static int Year0(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).Year;

    public static string AttendanceSource(string meetingId) => "att:" + meetingId;

    public static string MakeUpSource(string meetingId) => "mku:" + meetingId;

    public static string VolunteerSource(string id) => "vol:" + id;
}

/// <summary>What a set or removal did: whether the entry changed, the member's total for the entry's year afterwards.</summary>
public sealed record PointsChange(bool Changed, int YearTotal);

/// <summary>One member's place in a branch's yearly ranking.</summary>
public sealed record PointsStanding(string MemberId, int Points);
