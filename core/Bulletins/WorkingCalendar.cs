using System.Globalization;

namespace BranchBot.Core.Bulletins;

/// <summary>Working days of the China calendar: Monday to Friday, less the configured holidays, plus the 调休 weekend days.</summary>
public sealed class WorkingCalendar(BulletinOptions options)
{
    private readonly HashSet<DateOnly> _holidays = Parse(options.Holidays);
    private readonly HashSet<DateOnly> _workingDays = Parse(options.WorkingDays);

    public bool IsWorkingDay(DateOnly day) =>
        _workingDays.Contains(day) || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    /// <summary>The month's first working day (its first day if, oddly, none is).</summary>
    public DateOnly FirstWorkingDay(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        for (var day = first; day.Month == month; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                return day;
            }
        }

        return first;
    }

    private static HashSet<DateOnly> Parse(IEnumerable<string> days) =>
        days.Select(d => DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : (DateOnly?)null)
            .OfType<DateOnly>().ToHashSet();
}
