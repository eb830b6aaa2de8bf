using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using Microsoft.AspNetCore.Http.HttpResults;

using BranchBot.Bot.Admin;
using BranchBot.Bot.Study;

namespace BranchBot.Bot.Members;

/// <summary>Branches and members for the console: list, search, roster import, binding codes and unbinding.</summary>
internal static class MemberEndpoints
{
    public static RouteGroupBuilder MapMemberEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/branches", BranchesAsync);
        api.MapGet("/members", ListAsync);
        api.MapPost("/members/import", ImportAsync).AcceptsImportFile();

        // MemberScope loads the member once and applies the role rule (RoleRule) before these run.
        var member = api.MapScoped<Member>("/members");
        member.MapPost("/{id}/binding-code", BindingCodeAsync);
        member.MapDelete("/{id}/binding", UnbindAsync);
        return api;
    }

    private static async Task<Ok<List<BranchView>>> BranchesAsync(ClaimsPrincipal user, IMemberStore members, CancellationToken ct)
    {
        var caller = user.Caller();
        var units = (await members.ListUnitsAsync(ct)).Where(u => u.Kind != OrgUnitKind.Group).ToList();
        var counts = await members.CountByBranchAsync(ct);
        var children = units.ToLookup(u => u.ParentId);
        int Count(OrgUnit unit) => counts.GetValueOrDefault(unit.Id) + children[unit.Id].Sum(Count);
        var visible = units.Where(u => caller.BranchId is null || u.Id == caller.BranchId);
        return TypedResults.Ok(visible
            .OrderBy(u => u.Kind).ThenBy(u => u.Name, UnitNameComparer.Instance)
            .Select(u => new BranchView(u.Id, u.Name, u.ParentId, u.Kind.ToString(), KindName(u.Kind), Count(u))).ToList());
    }

    private static async Task<Results<Ok<MemberPage>, ValidationProblem>> ListAsync(ClaimsPrincipal user, IMemberStore members, string? branchId, string? q, bool? bound, bool? former,
        [Range(1, 100_000, ErrorMessage = "page 应为 1–100000 之间的整数")] int? page,
        [Range(1, 200, ErrorMessage = "pageSize 应为 1–200 之间的整数")] int? pageSize,
        CancellationToken ct)
    {
        var branch = user.BranchOrOwn(branchId);
        if (branch is null && string.IsNullOrWhiteSpace(q))
        {
            // A city-wide roster sorted by name would be read whole for every page; an admin pages one branch at a time.
            return ApiProblems.Invalid("branchId", "请选择支部，或输入姓名、手机号在全组织查找");
        }

        var size = pageSize ?? 50;
        var result = await members.QueryAsync(new MemberQuery(branch, q?.Trim(), bound, ((page ?? 1) - 1) * size, size, former == true), ct);
        var units = (await members.ListUnitsAsync(ct)).ToDictionary(u => u.Id, u => u.Name);
        return TypedResults.Ok(new MemberPage(result.Total, result.Items.Select(m => new MemberRow(
            m.Id,
            m.Name,
            m.BranchId,
            units.GetValueOrDefault(m.BranchId),
            m.GroupId is null ? null : units.GetValueOrDefault(m.GroupId),
            m.Role.ToString(),
            MemberPosts.NameOf(m.EffectivePost),
            m.EffectivePost.ToString(),
            m.Status.ToString(),
            Mask(m.Phone),
            m.OpenId is not null,
            m.OpenId is not null && m.Subscribed,
            MemberStandings.CodeOf(m.Standing),
            MemberStandings.NameOf(m.Standing),
            m.StandingSince,
            m.StandingNote)).ToList()));
    }

    /// <param name="missing">
    /// What to do with members on the roll in the file's branches whom the file leaves out: <c>keep</c> (the default:
    /// listed, unchanged) or a standing to mark them with (<c>transfer-out</c>, or any code of <see cref="MemberStandings"/>).
    /// </param>
    private static async Task<Results<Ok<RosterImportView>, ValidationProblem>> ImportAsync(UploadedFile file, ClaimsPrincipal user, RosterImport import, IMemberStore members,
        bool? dryRun, string? missing, CancellationToken ct)
    {
        var caller = user.Caller();
        MissingPolicy policy;
        if (string.IsNullOrEmpty(missing) || missing == "keep")
        {
            policy = MissingPolicy.Keep;
        }
        else if (MemberStandings.Parse(missing == "transfer-out" ? "transferred-out" : missing) is { } standing and not MemberStanding.Active)
        {
            policy = new MissingPolicy(standing, caller.Name);
        }
        else
        {
            return ApiProblems.Invalid("missing", "missing 应为 keep、transfer-out 或 " + MemberStandings.DepartureCodes + " 之一");
        }

        var report = await import.RunAsync(file.Content, caller.BranchId, dryRun == true, policy, ct);
        var units = (await members.ListUnitsAsync(ct)).ToDictionary(u => u.Id, u => u.Name);
        var absent = report.Missing.Select(m => new MissingRow(m.Member.Id, m.Member.Name, Mask(m.Member.Phone), m.Member.BranchId, units.GetValueOrDefault(m.Member.BranchId),
            m.Marked, MemberStandings.NameOf(m.Member.Standing), m.Refusal)).ToList();
        return TypedResults.Ok(new RosterImportView(report.Ok, dryRun == true, ImportRow.Of(report.Errors), report.UnitsAdded, report.MembersAdded, report.MembersUpdated, absent));
    }

    private static async Task<Ok<BindingCodeView>> BindingCodeAsync(InScope<Member> member, BindingCodes codes, MembersOptions options, TimeProvider time, CancellationToken ct)
    {
        var code = await codes.IssueAsync(member.Value.Id, ct);
        var expires = time.GetUtcNow() + options.BindingCodeTtl;
        return TypedResults.Ok(new BindingCodeView(code, expires, ChinaTime.Format(expires)));
    }

    private static async Task<Ok<Unbound>> UnbindAsync(InScope<Member> member, IMemberStore members, CancellationToken ct) =>
        TypedResults.Ok(new Unbound(await members.UnbindAsync(member.Value.Id, ct)));

    /// <summary>139****0001: enough to tell people apart, not enough to call them.</summary>
    internal static string Mask(string phone) => phone.Length == 11 ? phone[..3] + "****" + phone[7..] : "****";

    private static string KindName(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Committee => "党委",
        OrgUnitKind.GeneralBranch => "党总支",
        OrgUnitKind.Branch => "党支部",
        _ => "党小组",
    };

    internal sealed record BranchView(string Id, string Name, string? ParentId, string Kind, string KindName, int Members);

    internal sealed record MemberRow(string Id, string Name, string BranchId, string? BranchName, string? Group, string Role, string RoleName, string Post, string Status,
        string Phone, bool Bound, bool Subscribed, string Standing, string StandingName, DateOnly? StandingSince, string? StandingNote);

    internal sealed record MemberPage(int Total, IReadOnlyList<MemberRow> Items);

    internal sealed record RosterImportView(bool Ok, bool DryRun, IReadOnlyList<ImportRow> Errors, int UnitsAdded, int MembersAdded, int MembersUpdated, IReadOnlyList<MissingRow> Missing);

    /// <summary>A member the file leaves out: still on the roll (<see cref="Marked"/> false) or marked by this import.</summary>
    internal sealed record MissingRow(string Id, string Name, string Phone, string BranchId, string? BranchName, bool Marked, string StandingName, string? Refusal);

    internal sealed record BindingCodeView(string Code, DateTimeOffset ExpiresAt, string ExpiresText);

    internal sealed record Unbound(bool Changed);
}

/// <summary>Finds the member of <c>/members/{id}</c>; the role rule decides whether the caller may act on them.</summary>
internal sealed class MemberScope(IMemberStore members) : IScopedLoader<Member>
{
    public string RouteKey => "id";

    public string Missing => "找不到这位党员";

    public Task<Member?> FindAsync(string id, CancellationToken cancellationToken) => members.GetMemberAsync(id, cancellationToken);

    public object ScopeOf(Member resource) => resource;
}
