using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Members;

/// <summary>Branches and members for the console: list, search, roster import, binding codes and unbinding.</summary>
internal static class MemberEndpoints
{
    public static RouteGroupBuilder MapMemberEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/branches", BranchesAsync);
        api.MapGet("/members", ListAsync);
        api.MapPost("/members/import", ImportAsync).AcceptsImportFile();
        api.MapPost("/members/{id}/binding-code", BindingCodeAsync);
        api.MapDelete("/members/{id}/binding", UnbindAsync);
        return api;
    }

    private static async Task<IResult> BranchesAsync(HttpContext http, IMemberStore members, CancellationToken ct)
    {
        var caller = http.Caller();
        var units = (await members.ListUnitsAsync(ct)).Where(u => u.Kind != OrgUnitKind.Group).ToList();
        var counts = await members.CountByBranchAsync(ct);
        var children = units.ToLookup(u => u.ParentId);
        int Count(OrgUnit unit) => counts.GetValueOrDefault(unit.Id) + children[unit.Id].Sum(Count);
        var visible = units.Where(u => caller.BranchId is null || u.Id == caller.BranchId);
        return Results.Json(visible
            .OrderBy(u => u.Kind).ThenBy(u => u.Name, UnitNameComparer.Instance)
            .Select(u => new { u.Id, u.Name, u.ParentId, kind = u.Kind.ToString(), kindName = KindName(u.Kind), members = Count(u) }), ApiErrors.Json);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IMemberStore members, string? branchId, string? q, string? bound, string? page, string? pageSize, CancellationToken ct)
    {
        var (branch, denied) = ApiRequests.Scope(http, branchId);
        if (denied is not null)
        {
            return denied;
        }

        var (number, pageError) = ApiRequests.Number(page, "page", 1, 1, 100_000);
        var (size, sizeError) = ApiRequests.Number(pageSize, "pageSize", 50, 1, 200);
        var (boundFilter, boundError) = ApiRequests.Flag(bound, "bound");
        if ((pageError ?? sizeError ?? boundError) is { } error)
        {
            return error;
        }

        if (branch is null && string.IsNullOrWhiteSpace(q))
        {
            // A city-wide roster sorted by name would be read whole for every page; an admin pages one branch at a time.
            return ApiErrors.FieldError("branchId", "请选择支部，或输入姓名、手机号在全组织查找");
        }

        var result = await members.QueryAsync(new MemberQuery(branch, q?.Trim(), boundFilter, (number - 1) * size, size), ct);
        var units = (await members.ListUnitsAsync(ct)).ToDictionary(u => u.Id, u => u.Name);
        return Results.Json(new
        {
            total = result.Total,
            items = result.Items.Select(m => new
            {
                m.Id,
                m.Name,
                m.BranchId,
                branchName = units.GetValueOrDefault(m.BranchId),
                group = m.GroupId is null ? null : units.GetValueOrDefault(m.GroupId),
                role = m.Role.ToString(),
                roleName = MemberPosts.NameOf(m.EffectivePost),
                post = m.EffectivePost.ToString(),
                status = m.Status.ToString(),
                phone = Mask(m.Phone),
                bound = m.OpenId is not null,
                subscribed = m.OpenId is not null && m.Subscribed,
            }),
        }, ApiErrors.Json);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, RosterImport import, string? dryRun, CancellationToken ct)
    {
        var (dry, dryError) = ApiRequests.Flag(dryRun, "dryRun");
        if (dryError is not null)
        {
            return dryError;
        }

        var (file, fileError) = await ApiRequests.ReadFileAsync(http.Request, ct);
        if (file is null)
        {
            return fileError!;
        }

        var report = await import.RunAsync(file, http.Caller().BranchId, dry == true, ct);
        return Results.Json(new
        {
            report.Ok,
            dryRun = dry == true,
            errors = report.Errors.Select(e => new { row = e.Line, e.Message, text = e.ToString() }),
            report.UnitsAdded,
            report.MembersAdded,
            report.MembersUpdated,
        }, ApiErrors.Json);
    }

    private static async Task<IResult> BindingCodeAsync(HttpContext http, string id, IMemberStore members, BindingCodes codes, MembersOptions options, TimeProvider time, CancellationToken ct)
    {
        if (await FindAsync(http, members, id, ct) is { Denied: { } denied })
        {
            return denied;
        }

        var code = await codes.IssueAsync(id, ct);
        var expires = time.GetUtcNow() + options.BindingCodeTtl;
        return Results.Json(new { code, expiresAt = expires, expiresText = ChinaTime.Format(expires) }, ApiErrors.Json);
    }

    private static async Task<IResult> UnbindAsync(HttpContext http, string id, IMemberStore members, CancellationToken ct)
    {
        if (await FindAsync(http, members, id, ct) is { Denied: { } denied })
        {
            return denied;
        }

        return Results.Json(new { changed = await members.UnbindAsync(id, ct) }, ApiErrors.Json);
    }

    private static async Task<(Member? Member, IResult? Denied)> FindAsync(HttpContext http, IMemberStore members, string id, CancellationToken ct)
    {
        var member = await members.GetMemberAsync(id, ct);
        if (member is null)
        {
            return (null, ApiErrors.NotFound("找不到这位党员"));
        }

        // The same rule as the chat commands: only members of the caller's branch whose role is below a secretary's
        // (a key or account without a branch acts as 管理员). The audit filter records the 403 with its reason.
        return RoleRule.Check(Actor.OfConsole(http.Caller().BranchId), member) switch
        {
            RoleRefusal.None => (member, null),
            RoleRefusal.OutOfScope => (null, ApiErrors.Forbidden()),
            var refusal => (null, ApiErrors.Forbidden(RoleRule.Explain(refusal, member.Name, member.Role))),
        };
    }

    /// <summary>139****0001: enough to tell people apart, not enough to call them.</summary>
    internal static string Mask(string phone) => phone.Length == 11 ? phone[..3] + "****" + phone[7..] : "****";

    internal static string RoleName(MemberRole role) => RoleRule.RoleName(role);

    private static string KindName(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Committee => "党委",
        OrgUnitKind.GeneralBranch => "党总支",
        OrgUnitKind.Branch => "党支部",
        _ => "党小组",
    };
}
