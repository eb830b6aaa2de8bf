using BranchBot.Core.Audit;
using BranchBot.Core.Meetings;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Audit;

/// <summary>The audit log, newest first: secretaries see their own branch's, admins everything or one branch's.</summary>
internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, IAuditLog audit, string? branchId, string? count, CancellationToken ct)
    {
        var (n, countError) = ApiRequests.Number(count, "count", 100, 1, 1000);
        var (branch, denied) = ApiRequests.Scope(http, branchId);
        if ((countError ?? denied) is { } error)
        {
            return error;
        }

        var entries = await audit.ListAsync(branch, n, ct);
        return Results.Json(entries.Select(e => new { e.At, atText = ChinaTime.Format(e.At), e.Who, e.BranchId, e.Action, e.Target, e.Status, e.Detail }), ApiErrors.Json);
    }
}
