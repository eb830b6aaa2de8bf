using System.Globalization;
using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Meetings;

/// <summary>三会一课 and the yearly rules per branch (and 党小组): held, planned, due or overdue for each rule this period.</summary>
internal static class ComplianceEndpoints
{
    public static RouteGroupBuilder MapComplianceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/compliance", ComplianceAsync);
        return api;
    }

    private static async Task<IResult> ComplianceAsync(HttpContext http, IMemberStore members, IMeetingStore meetings, ComplianceOptions options, TimeProvider time, string? branchId, CancellationToken ct)
    {
        var (scope, denied) = ApiRequests.Scope(http, branchId);
        if (denied is not null)
        {
            return denied;
        }

        var units = await members.ListUnitsAsync(ct);
        var branches = units.Where(u => u.Kind == OrgUnitKind.Branch && (scope is null || u.Id == scope)).OrderBy(u => u.Name, UnitNameComparer.Instance).ToList();
        if (scope is not null && branches.Count == 0)
        {
            return ApiErrors.NotFound("找不到这个党支部");
        }

        var groups = units.Where(u => u.Kind == OrgUnitKind.Group && u.ParentId is not null).ToLookup(u => u.ParentId!, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var (from, to) = ComplianceStatus.Window(now);

        // One read per branch, all in flight together rather than one after another.
        var lists = await Task.WhenAll(branches.Select(b => meetings.ListByBranchAsync(b.Id, from, to, ct)));
        return Results.Json(branches.Zip(lists).Select(p => new
        {
            branchId = p.First.Id,
            branchName = p.First.Name,
            items = ComplianceStatus.Of(p.Second, now, options, groups[p.First.Id].ToList()).Select(i => new
            {
                rule = i.Rule.ToString(),
                ruleName = i.Group is { } g ? MeetingTypes.NameOf(i.Rule) + "（" + g.Name + "）" : MeetingTypes.NameOf(i.Rule),
                groupId = i.Group?.Id,
                period = i.Period,
                status = i.Status.ToString().ToLowerInvariant(),
                i.MeetingId,
                i.DueBy,
                dueByText = ChinaTime.Local(i.DueBy).AddDays(-1).ToString("M月d日前", CultureInfo.InvariantCulture),
                i.Reason,
            }),
        }), ApiErrors.Json);
    }
}
