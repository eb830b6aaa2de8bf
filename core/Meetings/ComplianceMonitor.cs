using System.Globalization;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Meetings;

/// <summary>
/// Warns when a natural month, quarter or year is running out and a required meeting has not been held: the branch's
/// secretaries for a branch rule, the 党小组长 (and the secretaries) for a 党小组 rule. Once per (branch or group, rule,
/// period) on any number of instances: the notice has a deterministic id, and its delivery is guarded like every other
/// (the planned-marker only saves work).
/// </summary>
public sealed class ComplianceMonitor(
    IMeetingStore meetings,
    IMemberStore members,
    IReminderQueue queue,
    ISharedState shared,
    ComplianceOptions options,
    TimeProvider time)
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var local = ChinaTime.Local(now);
        var units = await members.ListUnitsAsync(cancellationToken);
        var branches = units.Where(u => u.Kind == OrgUnitKind.Branch).ToList();
        var groups = units.Where(u => u.Kind == OrgUnitKind.Group && u.ParentId is not null).ToLookup(u => u.ParentId!, StringComparer.Ordinal);
        IReadOnlyList<Member>? roster = null;
        var planned = 0;
        foreach (var rule in options.ParsedRules)
        {
            var (start, end, label) = Period(local, rule.Period);
            if (local.DateTime < end.AddDays(-options.LeadDaysFor(rule.Period)))
            {
                continue;
            }

            var startUtc = ChinaTime.FromLocal(DateOnly.FromDateTime(start), TimeOnly.MinValue);
            var endUtc = ChinaTime.FromLocal(DateOnly.FromDateTime(end), TimeOnly.MinValue);
            var name = MeetingTypes.NameOf(rule.Type);
            foreach (var branch in branches)
            {
                // A branch rule is kept by the branch; a group rule by each of its 党小组 (none: nothing owed).
                var holders = rule.PerGroup
                    ? groups[branch.Id].Select(g => (Key: branch.Id + ":" + g.Id, Group: (OrgUnit?)g)).ToList()
                    : [(Key: branch.Id, Group: null)];
                IReadOnlyList<Meeting>? held = null;
                foreach (var (key, group) in holders)
                {
                    var marker = $"compliance:{key}:{rule.Type}:{label}";
                    if (await shared.GetAsync(marker, cancellationToken) is not null)
                    {
                        continue;
                    }

                    held ??= (await meetings.ListByBranchAsync(branch.Id, startUtc, endUtc, cancellationToken))
                        .Where(m => m.CountsAs(rule.Type) && m.Status == MeetingStatus.Scheduled).ToList();
                    var kept = held.Any(m => group is null || m.GroupId == group.Id);
                    if (!kept)
                    {
                        roster ??= await members.ListAllAsync(cancellationToken);
                        var who = group is null ? branch.Name : branch.Name + group.Name;
                        var text = $"【组织生活提醒】{who}{label}尚未安排{name}，请于{end.AddDays(-1):M月d日}前召开。";
                        var jobs = roster
                            .Where(m => m.BranchId == branch.Id && (m.Role == MemberRole.Secretary || (group is not null && m.Role == MemberRole.GroupLeader && m.GroupId == group.Id)))
                            .Select(s => new ReminderJob($"cmp:{key}:{rule.Type}:{label}:{s.Id}", ReminderKind.Compliance, "compliance:" + branch.Id, s.Id, now, 0,
                                Text: text, Title: $"{label}{name}", Deadline: endUtc.AddMinutes(-1)))
                            .ToList();
                        await queue.ScheduleAsync(jobs, cancellationToken);
                        planned += jobs.Count;
                    }

                    await shared.SetAsync(marker, kept ? "held" : "warned", TimeSpan.FromDays(400), cancellationToken);
                }
            }
        }

        return planned;
    }

    /// <summary>The natural month, quarter or year containing <paramref name="local"/>: start, end (exclusive) and a label like "2026年11月".</summary>
    internal static (DateTime Start, DateTime End, string Label) Period(DateTimeOffset local, CompliancePeriod period)
    {
        switch (period)
        {
            case CompliancePeriod.Year:
                var year = new DateTime(local.Year, 1, 1);
                return (year, year.AddYears(1), string.Create(CultureInfo.InvariantCulture, $"{local.Year}年"));
            case CompliancePeriod.Quarter:
                var quarter = (local.Month - 1) / 3;
                var start = new DateTime(local.Year, quarter * 3 + 1, 1);
                return (start, start.AddMonths(3), string.Create(CultureInfo.InvariantCulture, $"{local.Year}年第{quarter + 1}季度"));
            default:
                var month = new DateTime(local.Year, local.Month, 1);
                return (month, month.AddMonths(1), string.Create(CultureInfo.InvariantCulture, $"{local.Year}年{local.Month}月"));
        }
    }
}
