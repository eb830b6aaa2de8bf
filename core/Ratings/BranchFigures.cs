using BranchBot.Core.Meetings;

namespace BranchBot.Core.Ratings;

/// <summary>
/// One 三会一课 rule over a rating period: for a branch rule or one 党小组 (<paramref name="GroupName"/>), how many of
/// its natural periods inside the rating period have ended or been kept (<paramref name="Due"/>) and how many held a
/// meeting (<paramref name="Held"/>). A period still running and not yet kept is owed nothing yet.
/// </summary>
public sealed record RuleFigure(MeetingType Rule, CompliancePeriod Cadence, string? GroupId, string? GroupName, int Held, int Due)
{
    public bool Kept => Held >= Due;
}

/// <summary>
/// What the bot can measure about a branch over one period, read once by <see cref="BranchFigureReader"/> so the stars
/// and the bulletin show the same numbers. Attendance is <see cref="AttendanceReports.BranchAsync"/> summed; 补学 counts
/// tasks of the period's meetings; study activity is members with study points in any month of the period;
/// <paramref name="RosterIncomplete"/> members missing a phone or a WeChat binding (notices cannot reach them).
/// </summary>
public sealed record BranchFigures(
    string BranchId,
    string BranchName,
    string PeriodKey,
    int Members,
    int FullMembers,
    IReadOnlyList<RuleFigure> Rules,
    int Expected,
    int Present,
    int Leave,
    int Absent,
    int MakeUpOwed,
    int MakeUpDone,
    int MakeUpConfirmed,
    int MakeUpOverdue,
    int StudyActive,
    int CommitteeSize,
    bool HasSecretary,
    int Groups,
    int MembersWithoutGroup,
    int MembersWithoutPhone,
    int MembersUnbound,
    int RosterIncomplete)
{
    public int MeetingsHeld => Rules.Sum(r => Math.Min(r.Held, r.Due));

    public int MeetingsDue => Rules.Sum(r => r.Due);

    /// <summary>实到 / (应到 − 请假), as <see cref="MemberAttendance.Rate"/>; 1 when nothing was required.</summary>
    public double AttendanceRate => Expected - Leave <= 0 ? 1 : (double)Present / (Expected - Leave);

    public double StudyRate => Members == 0 ? 0 : (double)StudyActive / Members;
}
