using System.Globalization;

namespace BranchBot.Core.Meetings;

/// <summary>Where a branch stands on one 三会一课 rule this period.</summary>
public enum ComplianceState
{
    /// <summary>A meeting of the type took place this period.</summary>
    Held,
    /// <summary>One is scheduled later this period.</summary>
    Planned,
    /// <summary>None yet, with time left.</summary>
    Due,
    /// <summary>None yet, and the period is running out or the previous one was missed.</summary>
    Overdue,
}

/// <summary>
/// One rule's state for the current period. <paramref name="DueBy"/> is the period's end (exclusive, UTC);
/// <paramref name="Reason"/> says why an item is overdue.
/// </summary>
public sealed record ComplianceItem(MeetingType Rule, string Period, ComplianceState Status, string? MeetingId, DateTimeOffset DueBy, string? Reason);

/// <summary>
/// The 三会一课 picture of a branch for the console: per configured rule, the current natural month or quarter
/// (China time), judged like <see cref="ComplianceMonitor"/> judges it.
/// </summary>
public static class ComplianceStatus
{
    /// <summary>The span of meetings <see cref="Of"/> needs: from the start of the previous quarter to the end of this one.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now)
    {
        var (start, end, _) = ComplianceMonitor.Period(ChinaTime.Local(now), quarterly: true);
        return (Utc(start.AddMonths(-3)), Utc(end));
    }

    public static IReadOnlyList<ComplianceItem> Of(IReadOnlyList<Meeting> meetings, DateTimeOffset now, ComplianceOptions options)
    {
        var local = ChinaTime.Local(now);
        var items = new List<ComplianceItem>();
        foreach (var (type, quarterly) in options.ParsedRules)
        {
            var (start, end, label) = ComplianceMonitor.Period(local, quarterly);
            var (previousStart, _, previousLabel) = ComplianceMonitor.Period(new DateTimeOffset(start.AddDays(-1), local.Offset), quarterly);
            var (from, to) = (Utc(start), Utc(end));
            var held = meetings.Where(m => m.Type == type && m.Status == MeetingStatus.Scheduled && m.Start >= from && m.Start < to).OrderBy(m => m.Start).ToList();
            if (held.FirstOrDefault(m => m.Start <= now) is { } past)
            {
                items.Add(new ComplianceItem(type, label, ComplianceState.Held, past.Id, to, null));
                continue;
            }

            if (held.FirstOrDefault() is { } planned)
            {
                items.Add(new ComplianceItem(type, label, ComplianceState.Planned, planned.Id, to, null));
                continue;
            }

            var daysLeft = (int)Math.Ceiling((to - now).TotalDays);
            var missedBefore = !meetings.Any(m => m.Type == type && m.Status == MeetingStatus.Scheduled && m.Start >= Utc(previousStart) && m.Start < from);
            string? reason = daysLeft <= options.LeadDays ? string.Create(CultureInfo.InvariantCulture, $"本期只剩 {daysLeft} 天")
                : missedBefore ? $"上期（{previousLabel}）未召开"
                : null;
            items.Add(new ComplianceItem(type, label, reason is null ? ComplianceState.Due : ComplianceState.Overdue, null, to, reason));
        }

        return items;
    }

    private static DateTimeOffset Utc(DateTime chinaMidnight) => ChinaTime.FromLocal(DateOnly.FromDateTime(chinaMidnight), TimeOnly.MinValue);
}
