using System.Globalization;

namespace BranchBot.Core.Study;

/// <summary>
/// Day, ISO week, month and all-time keys of a moment, by the calendar people use: Asia/Shanghai (UTC+8, no DST).
/// Storage keeps UTC; only period boundaries follow China time.
/// </summary>
public sealed record StudyPeriods(string Day, string Week, string Month)
{
    public const string AllTime = "all";

    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public IEnumerable<string> All => [Day, Week, Month, AllTime];

    public static StudyPeriods For(DateTimeOffset at)
    {
        var local = at.ToOffset(ChinaOffset).DateTime;
        var week = ISOWeek.GetWeekOfYear(local);
        var weekYear = ISOWeek.GetYear(local);
        return new StudyPeriods(
            "d:" + local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "w:" + weekYear.ToString(CultureInfo.InvariantCulture) + "-W" + week.ToString("00", CultureInfo.InvariantCulture),
            "m:" + local.ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    /// <summary>The China calendar date of a moment.</summary>
    public static DateOnly ChinaDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(ChinaOffset).DateTime);
}
