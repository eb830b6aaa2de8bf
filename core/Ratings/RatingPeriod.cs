using System.Globalization;
using BranchBot.Core.Meetings;

namespace BranchBot.Core.Ratings;

/// <summary>
/// A natural month, quarter or year of the Asia/Shanghai calendar. <see cref="Key"/> is "2026-11", "2026-Q4" or
/// "2026"; <see cref="Start"/> and <see cref="End"/> (exclusive) are UTC.
/// </summary>
public sealed record RatingPeriod(CompliancePeriod Kind, string Key, string Label, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The period of <paramref name="kind"/> containing <paramref name="utc"/>.</summary>
    public static RatingPeriod Containing(DateTimeOffset utc, CompliancePeriod kind)
    {
        var local = ChinaTime.Local(utc);
        return kind switch
        {
            CompliancePeriod.Year => Of(kind, new DateOnly(local.Year, 1, 1)),
            CompliancePeriod.Quarter => Of(kind, new DateOnly(local.Year, (local.Month - 1) / 3 * 3 + 1, 1)),
            _ => Of(kind, new DateOnly(local.Year, local.Month, 1)),
        };
    }

    /// <summary>The period just before this one.</summary>
    public RatingPeriod Previous() => Containing(Start.AddDays(-1), Kind);

    public bool HasEnded(DateTimeOffset now) => now >= End;

    /// <summary>Reads "2026-11", "2026-Q4" or "2026"; null for anything else.</summary>
    public static RatingPeriod? Parse(string? key)
    {
        var text = key?.Trim() ?? string.Empty;
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100)
        {
            return Of(CompliancePeriod.Year, new DateOnly(year, 1, 1));
        }

        if (text.Length == 7 && text[4] == '-' && int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 2100)
        {
            if (text[5] == 'Q' && text[6] is >= '1' and <= '4')
            {
                return Of(CompliancePeriod.Quarter, new DateOnly(year, (text[6] - '1') * 3 + 1, 1));
            }

            if (int.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
            {
                return Of(CompliancePeriod.Month, new DateOnly(year, month, 1));
            }
        }

        return null;
    }

    /// <summary>The sub-periods of <paramref name="kind"/> that lie wholly inside this period (a quarter's three months).</summary>
    public IEnumerable<RatingPeriod> Parts(CompliancePeriod kind)
    {
        if (kind > Kind)
        {
            yield break;
        }

        for (var part = Containing(Start, kind); part.Start < End; part = Containing(part.End, kind))
        {
            yield return part;
        }
    }

    private static RatingPeriod Of(CompliancePeriod kind, DateOnly first)
    {
        var (next, key, label) = kind switch
        {
            CompliancePeriod.Year => (first.AddYears(1), first.Year.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{first.Year}年")),
            CompliancePeriod.Quarter => (first.AddMonths(3), string.Create(CultureInfo.InvariantCulture, $"{first.Year}-Q{(first.Month - 1) / 3 + 1}"),
                string.Create(CultureInfo.InvariantCulture, $"{first.Year}年第{(first.Month - 1) / 3 + 1}季度")),
            _ => (first.AddMonths(1), string.Create(CultureInfo.InvariantCulture, $"{first.Year}-{first.Month:00}"), string.Create(CultureInfo.InvariantCulture, $"{first.Year}年{first.Month}月")),
        };
        return new RatingPeriod(kind, key, label, ChinaTime.FromLocal(first, TimeOnly.MinValue), ChinaTime.FromLocal(next, TimeOnly.MinValue));
    }
}
