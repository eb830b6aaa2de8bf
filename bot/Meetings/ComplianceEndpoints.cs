using System.Globalization;
using System.Security.Claims;
using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Talks;
using Microsoft.AspNetCore.Http.HttpResults;

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

    private static async Task<Results<Ok<List<BranchCompliance>>, ProblemHttpResult>> ComplianceAsync(
        ClaimsPrincipal user, IMemberStore members, IMeetingStore meetings, TalkService talks, ComplianceOptions options, TimeProvider time, string? branchId, CancellationToken ct)
    {
        var scope = user.BranchOrOwn(branchId);
        var units = await members.ListUnitsAsync(ct);
        var branches = units.Where(u => u.Kind == OrgUnitKind.Branch && (scope is null || u.Id == scope)).OrderBy(u => u.Name, UnitNameComparer.Instance).ToList();
        if (scope is not null && branches.Count == 0)
        {
            return ApiProblems.NotFound("找不到这个党支部");
        }

        var groups = units.Where(u => u.Kind == OrgUnitKind.Group && u.ParentId is not null).ToLookup(u => u.ParentId!, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var (from, to) = ComplianceStatus.Window(now);

        // One read per branch, all in flight together rather than one after another.
        var lists = await Task.WhenAll(branches.Select(b => meetings.ListByBranchAsync(b.Id, from, to, ct)));
        var year = ChinaTime.Local(now).Year;
        var yearly = await Task.WhenAll(branches.Select(b => talks.YearAsync(b.Id, year, ct)));
        return TypedResults.Ok(branches.Zip(lists, yearly).Select(p => new BranchCompliance(p.First.Id, p.First.Name,
            ComplianceStatus.Of(p.Second, now, options, groups[p.First.Id].ToList()).Select(i => new ComplianceRow(
                i.Rule.ToString(),
                i.Group is { } g ? MeetingTypes.NameOf(i.Rule) + "（" + g.Name + "）" : MeetingTypes.NameOf(i.Rule),
                i.Group?.Id,
                i.Period,
                i.Status.ToString().ToLowerInvariant(),
                StatusName(i.Status),
                i.MeetingId,
                i.DueBy,
                ChinaTime.Local(i.DueBy).AddDays(-1).ToString("M月d日前", CultureInfo.InvariantCulture),
                i.Reason)).ToList(),
            new TalkLine(year, p.Third.Compliance.Kept, p.Third.Compliance.Line, TalkCompliance.Rule))).ToList());
    }

    internal static string StatusName(ComplianceState status) => status switch
    {
        ComplianceState.Held => "已召开",
        ComplianceState.Planned => "已安排",
        ComplianceState.Due => "待召开",
        _ => "已逾期",
    };

    internal sealed record ComplianceRow(string Rule, string RuleName, string? GroupId, string Period, string Status, string StatusName, string? MeetingId, DateTimeOffset DueBy, string DueByText, string? Reason);

    /// <summary>The yearly 谈心谈话 rule (《中国共产党支部工作条例（试行）》第十九条): whether it holds this year, and the counts.</summary>
    internal sealed record TalkLine(int Year, bool Kept, string Line, string Rule);

    internal sealed record BranchCompliance(string BranchId, string BranchName, IReadOnlyList<ComplianceRow> Items, TalkLine? Talks = null);
}
