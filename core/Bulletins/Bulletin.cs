namespace BranchBot.Core.Bulletins;

/// <summary>
/// One branch's line in a monthly bulletin: 三会一课 held against due, attendance, 补学 still owed, study participation
/// and stars, all from the same <see cref="Ratings.BranchFigures"/> the star ratings use.
/// </summary>
public sealed record BulletinRow(
    string BranchId,
    string BranchName,
    string Field,
    int MeetingsHeld,
    int MeetingsDue,
    int Expected,
    int Present,
    int Leave,
    double AttendanceRate,
    int MakeUpOwed,
    int StudyActive,
    int Members,
    int Stars,
    IReadOnlyList<string> MissedRules,
    IReadOnlyList<string> MissingStars)
{
    public double StudyRate => Members == 0 ? 0 : (double)StudyActive / Members;
}

/// <summary>The organisation's totals: attendance over all branches' attendees, not an average of rates.</summary>
public sealed record BulletinTotals(int Branches, int MeetingsHeld, int MeetingsDue, int Expected, int Present, int Leave, int MakeUpOwed, int StudyActive, int Members, double AverageStars)
{
    public double AttendanceRate => Expected - Leave <= 0 ? 1 : (double)Present / (Expected - Leave);

    public double StudyRate => Members == 0 ? 0 : (double)StudyActive / Members;
}

/// <summary>The monthly bulletin (通报) of one China-calendar month, kept as first composed.</summary>
public sealed record Bulletin(string PeriodKey, string PeriodLabel, DateTimeOffset CreatedAt, BulletinTotals Totals, IReadOnlyList<BulletinRow> Rows);

/// <summary>A stored bulletin as the list of past bulletins shows it.</summary>
public sealed record BulletinSummary(string PeriodKey, string PeriodLabel, DateTimeOffset CreatedAt, int Branches);
