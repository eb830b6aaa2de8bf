using System.Globalization;
using System.Text.RegularExpressions;

namespace BranchBot.Core.Meetings;

/// <summary>A 新建会议 command's parts: the kinds (the first is the meeting's type), the 党小组 named, the start and the place.</summary>
public sealed record MeetingCommand(MeetingType Type, IReadOnlyList<MeetingType> AlsoCounts, string? Group, DateTimeOffset Start, string Place);

/// <summary>
/// Reads 「新建会议 支委会 2026-12-01 14:30 三楼会议室」: the kind (or kinds joined by +, 「主题党日+党课」), for a 党小组会
/// optionally the 党小组's name, the China-local date and time, and the place.
/// </summary>
public static partial class MeetingCommandParser
{
    public const string Usage = "格式：新建会议 类型 日期 时间 地点\n例如：新建会议 支委会 2026-12-01 14:30 三楼会议室\n类型可以是：支部党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议党员；合并召开的写作「主题党日+党课」；党小组会可写明党小组：新建会议 党小组会 第一党小组 12月1日 14:30 地点。";

    /// <summary>The parsed parts, or an error message for the secretary.</summary>
    public static MeetingCommand? TryParse(string arguments, DateTimeOffset now, out string? error)
    {
        var parts = arguments.Normalize(System.Text.NormalizationForm.FormKC).Split(' ', 5, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (parts.Count < 4)
        {
            error = Usage;
            return null;
        }

        var kinds = new List<MeetingType>();
        foreach (var name in parts[0].Split(['+', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name == "民主生活会")
            {
                error = MeetingTypes.NotABranchMeeting;
                return null;
            }

            if (MeetingTypes.Parse(name) is not { } kind)
            {
                error = $"会议类型「{name}」无法识别。\n" + Usage;
                return null;
            }

            kinds.Add(kind);
        }

        if (kinds.Count == 0)
        {
            error = Usage;
            return null;
        }

        if (MeetingTypes.CheckCombination(kinds[0], kinds[1..]) is { } combination)
        {
            error = combination;
            return null;
        }

        string? group = null;
        if (kinds[0] == MeetingType.GroupMeeting && parts.Count == 5 && ParseDate(parts[1], ChinaTime.Local(now)) is null)
        {
            group = parts[1];
            parts.RemoveAt(1);
        }
        else if (parts.Count == 5)
        {
            parts[3] = parts[3] + " " + parts[4];
            parts.RemoveAt(4);
        }

        var type = kinds[0];

        if (ParseDate(parts[1], ChinaTime.Local(now)) is not { } date)
        {
            error = $"日期「{parts[1]}」无法识别，请写成 2026-12-01 或 12月1日。";
            return null;
        }

        if (!TimeOnly.TryParseExact(parts[2], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            error = $"时间「{parts[2]}」无法识别，请写成 14:30。";
            return null;
        }

        error = null;
        return new MeetingCommand(type, kinds[1..], group, ChinaTime.FromLocal(date, clock), parts[3]);
    }

    private static DateOnly? ParseDate(string text, DateTimeOffset localNow)
    {
        var full = FullDate().Match(text);
        if (full.Success)
        {
            return TryDate(int.Parse(full.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(full.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(full.Groups[3].Value, CultureInfo.InvariantCulture));
        }

        var short_ = ShortDate().Match(text);
        if (!short_.Success)
        {
            return null;
        }

        var month = int.Parse(short_.Groups[1].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(short_.Groups[2].Value, CultureInfo.InvariantCulture);
        var thisYear = TryDate(localNow.Year, month, day);
        return thisYear is { } d && d < DateOnly.FromDateTime(localNow.Date) ? TryDate(localNow.Year + 1, month, day) : thisYear;
    }

    private static DateOnly? TryDate(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) && year is > 2000 and < 2200
            ? new DateOnly(year, month, day)
            : null;

    [GeneratedRegex(@"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"^(\d{1,2})[-/.月](\d{1,2})日?$")]
    private static partial Regex ShortDate();
}
