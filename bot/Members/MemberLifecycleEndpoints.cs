using System.Security.Claims;
using BranchBot.Bot.Admin;
using BranchBot.Core.Members;
using BranchBot.Core.Meetings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Bot.Members;

/// <summary>
/// 转出 / 停止党籍 / 出党 / 去世 (<c>leave</c>), 调动 (<c>move</c>), a member's history, and 删除个人信息 (<c>erase</c>,
/// the organisation admin's). The member scope has already applied the role rule: a secretary acts only on members
/// below them in their own branch.
/// </summary>
internal static class MemberLifecycleEndpoints
{
    public static RouteGroupBuilder MapMemberLifecycleEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/groups", GroupsAsync);
        var member = api.MapScoped<Member>("/members");
        member.MapPost("/{id}/leave", LeaveAsync);
        member.MapPost("/{id}/move", MoveAsync);
        member.MapPost("/{id}/erase", EraseAsync).WithMetadata(new AuditWithoutTarget());
        member.MapGet("/{id}/history", HistoryAsync);
        return api;
    }

    private static async Task<Results<Ok<MemberStateView>, ValidationProblem, ProblemHttpResult>> LeaveAsync(
        InScope<Member> member, LeaveRequest request, ClaimsPrincipal user, MemberLifecycle lifecycle, CancellationToken ct)
    {
        if (MemberStandings.Parse(request.Standing) is not { } standing || standing == MemberStanding.Active)
        {
            return ApiProblems.Invalid("standing", "standing 应为 " + MemberStandings.DepartureCodes + " 之一");
        }

        var caller = user.Caller();
        var result = await lifecycle.LeaveAsync(Actor.OfConsole(caller.BranchId), caller.Name, member.Value, standing, request.On, request.Note, ct);
        return Answer(result);
    }

    private static async Task<Results<Ok<MemberStateView>, ValidationProblem, ProblemHttpResult>> MoveAsync(
        InScope<Member> member, MoveRequest request, ClaimsPrincipal user, MemberLifecycle lifecycle, CancellationToken ct)
    {
        var caller = user.Caller();
        var result = await lifecycle.MoveAsync(Actor.OfConsole(caller.BranchId), caller.Name, member.Value, request.BranchId, request.GroupId, request.On, request.Note, ct);
        return Answer(result);
    }

    private static async Task<Results<Ok<MemberStateView>, ValidationProblem, ProblemHttpResult>> EraseAsync(
        InScope<Member> member, EraseRequest request, ClaimsPrincipal user, MemberLifecycle lifecycle, HttpContext http, CancellationToken ct)
    {
        var caller = user.Caller();
        var result = await lifecycle.EraseAsync(Actor.OfConsole(caller.BranchId), caller.Name, member.Value, request.Reason, [], ct);
        if (result is { Status: LifecycleStatus.Done, Member: { } erased })
        {
            // The audit entry names the route's id: the old one is derived from the phone, so it records the anonymous one.
            http.Request.RouteValues["id"] = erased.Id;
        }

        return Answer(result);
    }

    private static async Task<Ok<List<HistoryView>>> HistoryAsync(InScope<Member> member, IMemberLifecycleStore store, IMemberStore members, CancellationToken ct)
    {
        var units = (await members.ListUnitsAsync(ct)).ToDictionary(u => u.Id, u => u.Name);
        string? Name(string? id) => id is null ? null : units.GetValueOrDefault(id, id);
        var entries = await store.HistoryAsync(member.Value.Id, ct);
        return TypedResults.Ok(entries.Select(e => new HistoryView(
            e.At, ChinaTime.Format(e.At), e.On, e.Kind.ToString(), KindName(e), e.By,
            e.FromBranchId, Name(e.FromBranchId), e.ToBranchId, Name(e.ToBranchId), Name(e.FromGroupId), Name(e.ToGroupId), e.Note)).ToList());
    }

    /// <summary>The 党小组 of a branch (the caller's own by default), for the 调动 form.</summary>
    private static async Task<Results<Ok<List<GroupView>>, ProblemHttpResult>> GroupsAsync(ClaimsPrincipal user, IMemberStore members, string? branchId, CancellationToken ct)
    {
        var branch = user.BranchOrOwn(branchId);
        if (branch is null || !user.Caller().MaySee(branch))
        {
            return ApiProblems.Forbidden();
        }

        var groups = (await members.ListUnitsAsync(ct)).Where(u => u.Kind == OrgUnitKind.Group && u.ParentId == branch);
        return TypedResults.Ok(groups.OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => new GroupView(g.Id, g.Name)).ToList());
    }

    private static string KindName(MemberHistoryEntry entry) => entry.Kind switch
    {
        MemberChangeKind.Left => MemberStandings.NameOf(entry.Standing ?? MemberStanding.TransferredOut),
        MemberChangeKind.Moved => "调动",
        _ => "删除个人信息",
    };

    private static Results<Ok<MemberStateView>, ValidationProblem, ProblemHttpResult> Answer(LifecycleResult result) => result.Status switch
    {
        LifecycleStatus.Done or LifecycleStatus.Unchanged => TypedResults.Ok(MemberStateView.Of(result.Member!, result.Status == LifecycleStatus.Done)),
        LifecycleStatus.Invalid => ApiProblems.Invalid(result.Error!),
        _ => ApiProblems.Forbidden(result.Refusal ?? "无权办理"),
    };

    internal sealed record GroupView(string Id, string Name);

    internal sealed record LeaveRequest(string? Standing, DateOnly? On, string? Note);

    internal sealed record MoveRequest(string? BranchId, string? GroupId, DateOnly? On, string? Note);

    internal sealed record EraseRequest(string? Reason);

    internal sealed record MemberStateView(string Id, string Name, string BranchId, string? GroupId, string Standing, string StandingName, DateOnly? Since, string? Note, bool Changed)
    {
        public static MemberStateView Of(Member m, bool changed) =>
            new(m.Id, m.Name, m.BranchId, m.GroupId, MemberStandings.CodeOf(m.Standing), MemberStandings.NameOf(m.Standing), m.StandingSince, m.StandingNote, changed);
    }

    internal sealed record HistoryView(DateTimeOffset At, string AtText, DateOnly On, string Kind, string KindName, string By,
        string? FromBranchId, string? FromBranch, string? ToBranchId, string? ToBranch, string? FromGroup, string? ToGroup, string? Note);
}
