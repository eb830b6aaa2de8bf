using System.Globalization;
using BranchBot.Core.Audit;
using BranchBot.Core.Meetings;

namespace BranchBot.Bot.Admin;

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
        var n = 100;
        if (!string.IsNullOrEmpty(count) && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n is < 1 or > 1000))
        {
            return ApiJson.FieldError("count 应为 1–1000 的整数", "count");
        }

        var caller = http.Caller();
        branchId = string.IsNullOrEmpty(branchId) ? caller.BranchId : branchId;
        if (branchId is not null && !caller.MaySee(branchId))
        {
            return ApiErrors.Forbidden();
        }

        var entries = await audit.ListAsync(branchId, n, ct);
        return Results.Json(entries.Select(e => new { e.At, atText = ChinaTime.Format(e.At), e.Who, e.BranchId, e.Action, e.Target, e.Status, e.Detail }), ApiErrors.Json);
    }
}
