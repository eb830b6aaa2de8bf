using System.Globalization;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Meetings;

/// <summary>
/// Warns branch secretaries when a natural month or quarter is running out and a required meeting has not been held.
/// Once per (branch, rule, period) on any number of instances: the notice has a deterministic id, and its delivery is
/// guarded like every other (the planned-marker only saves work).
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
        var branches = (await members.ListUnitsAsync(cancellationToken)).Where(u => u.Kind == OrgUnitKind.Branch).ToList();
        var roster = await members.ListAllAsync(cancellationToken);
        var planned = 0;
        foreach (var (type, quarterly) in options.ParsedRules)
        {
            var (start, end, label) = Period(local, quarterly);
            if (local.DateTime < end.AddDays(-options.LeadDays))
            {
                continue;
            }

            var startUtc = ChinaTime.FromLocal(DateOnly.FromDateTime(start), TimeOnly.MinValue);
            var endUtc = ChinaTime.FromLocal(DateOnly.FromDateTime(end), TimeOnly.MinValue);
            foreach (var branch in branches)
            {
                var marker = $"compliance:{branch.Id}:{type}:{label}";
                if (await shared.GetAsync(marker, cancellationToken) is not null)
                {
                    continue;
                }

                var held = (await meetings.ListByBranchAsync(branch.Id, startUtc, endUtc, cancellationToken))
                    .Any(m => m.Type == type && m.Status == MeetingStatus.Scheduled);
                if (!held)
                {
                    var text = $"【组织生活提醒】{branch.Name}{label}尚未安排{MeetingTypes.NameOf(type)}，请于{end.AddDays(-1):M月d日}前召开。";
                    var jobs = roster.Where(m => m.BranchId == branch.Id && m.Role == MemberRole.Secretary)
                        .Select(s => new ReminderJob($"cmp:{branch.Id}:{type}:{label}:{s.Id}", ReminderKind.Compliance, "compliance:" + branch.Id, s.Id, now, 0,
                            Text: text, Title: $"{label}{MeetingTypes.NameOf(type)}", Deadline: endUtc.AddMinutes(-1)))
                        .ToList();
                    await queue.ScheduleAsync(jobs, cancellationToken);
                    planned += jobs.Count;
                }

                await shared.SetAsync(marker, held ? "held" : "warned", TimeSpan.FromDays(400), cancellationToken);
            }
        }

        return planned;
    }

    /// <summary>The natural month or quarter containing <paramref name="local"/>: start, end (exclusive) and a label like "2026年11月".</summary>
    internal static (DateTime Start, DateTime End, string Label) Period(DateTimeOffset local, bool quarterly)
    {
        if (quarterly)
        {
            var quarter = (local.Month - 1) / 3;
            var start = new DateTime(local.Year, quarter * 3 + 1, 1);
            return (start, start.AddMonths(3), string.Create(CultureInfo.InvariantCulture, $"{local.Year}年第{quarter + 1}季度"));
        }

        var month = new DateTime(local.Year, local.Month, 1);
        return (month, month.AddMonths(1), string.Create(CultureInfo.InvariantCulture, $"{local.Year}年{local.Month}月"));
    }
}
