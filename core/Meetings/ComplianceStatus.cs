using System.Globalization;
using BranchBot.Core.Members;

namespace BranchBot.Core.Meetings;

/// <summary>Where a branch (or one of its 党小组) stands on one rule this period.</summary>
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
/// <paramref name="Reason"/> says why an item is overdue; <paramref name="Group"/> is the 党小组 of a per-group rule.
/// </summary>
public sealed record ComplianceItem(MeetingType Rule, string Period, ComplianceState Status, string? MeetingId, DateTimeOffset DueBy, string? Reason, OrgUnit? Group = null);

/// <summary>
/// The picture of a branch for the console: per configured rule (and per 党小组 for a group rule), the current
/// natural month, quarter or year (China time), judged like <see cref="ComplianceMonitor"/> judges it. A meeting held
/// as several kinds (主题党日 with 党课) counts for each.
/// </summary>
public static class ComplianceStatus
{
    /// <summary>The span of meetings <see cref="Of"/> needs: from the start of the previous year to the end of this one.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now)
    {
        var (start, end, _) = ComplianceMonitor.Period(ChinaTime.Local(now), CompliancePeriod.Year);
        return (Utc(start.AddYears(-1)), Utc(end));
    }

    /// <param name="groups">The branch's 党小组, for the per-group rules.</param>
    public static IReadOnlyList<ComplianceItem> Of(IReadOnlyList<Meeting> meetings, DateTimeOffset now, ComplianceOptions options, IReadOnlyList<OrgUnit>? groups = null)
    {
        var local = ChinaTime.Local(now);
        var items = new List<ComplianceItem>();
        foreach (var rule in options.ParsedRules)
        {
            var holders = rule.PerGroup ? (groups ?? []).Select(g => (OrgUnit?)g).ToList() : [null];
            foreach (var group in holders)
            {
                var ours = meetings.Where(m => m.CountsAs(rule.Type) && m.Status == MeetingStatus.Scheduled && (group is null || m.GroupId == group.Id)).ToList();
                items.Add(Judge(rule, ours, local, now, options) with { Group = group });
            }
        }

        return items;
    }

    private static ComplianceItem Judge(ComplianceRule rule, List<Meeting> meetings, DateTimeOffset local, DateTimeOffset now, ComplianceOptions options)
    {
        var (start, end, label) = ComplianceMonitor.Period(local, rule.Period);
        var (previousStart, _, previousLabel) = ComplianceMonitor.Period(new DateTimeOffset(start.AddDays(-1), local.Offset), rule.Period);
        var (from, to) = (Utc(start), Utc(end));
        var held = meetings.Where(m => m.Start >= from && m.Start < to).OrderBy(m => m.Start).ToList();
        if (held.FirstOrDefault(m => m.Start <= now) is { } past)
        {
            return new ComplianceItem(rule.Type, label, ComplianceState.Held, past.Id, to, null);
        }

        if (held.FirstOrDefault() is { } planned)
        {
            return new ComplianceItem(rule.Type, label, ComplianceState.Planned, planned.Id, to, null);
        }

        var daysLeft = (int)Math.Ceiling((to - now).TotalDays);
        var missedBefore = !meetings.Any(m => m.Start >= Utc(previousStart) && m.Start < from);
        string? reason = daysLeft <= options.LeadDaysFor(rule.Period) ? string.Create(CultureInfo.InvariantCulture, $"本期只剩 {daysLeft} 天")
            : missedBefore ? $"上期（{previousLabel}）未召开"
            : null;
        return new ComplianceItem(rule.Type, label, reason is null ? ComplianceState.Due : ComplianceState.Overdue, null, to, reason);
    }

    private static DateTimeOffset Utc(DateTime chinaMidnight) => ChinaTime.FromLocal(DateOnly.FromDateTime(chinaMidnight), TimeOnly.MinValue);
}
