using System.Globalization;
using BranchBot.Core.Study;

namespace BranchBot.Core.Meetings;

/// <summary>How times look to people: Asia/Shanghai, e.g. "12月1日(周二) 14:30".</summary>
public static class ChinaTime
{
    private static readonly string[] Weekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

    public static DateTimeOffset Local(DateTimeOffset utc) => utc.ToOffset(StudyPeriods.ChinaOffset);

    public static string Format(DateTimeOffset utc)
    {
        var t = Local(utc);
        return string.Create(CultureInfo.InvariantCulture, $"{t.Month}月{t.Day}日({Weekdays[(int)t.DayOfWeek]}) {t:HH:mm}");
    }

    public static string Clock(DateTimeOffset utc) => Local(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The UTC instant of a China-local date and time.</summary>
    public static DateTimeOffset FromLocal(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), StudyPeriods.ChinaOffset).ToUniversalTime();
}
