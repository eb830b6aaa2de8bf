using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BranchBot.Core.Audit;
using BranchBot.Core.Meetings;
using Microsoft.AspNetCore.Http.HttpResults;

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

    private static async Task<Ok<List<AuditView>>> ListAsync(
        ClaimsPrincipal user, IAuditLog audit, string? branchId, [Range(1, 1000, ErrorMessage = "count 应为 1–1000 之间的整数")] int? count, CancellationToken ct)
    {
        var entries = await audit.ListAsync(string.IsNullOrWhiteSpace(branchId) ? user.Caller().BranchId : branchId.Trim(), count ?? 100, ct);
        return TypedResults.Ok(entries.Select(e => new AuditView(e.At, ChinaTime.Format(e.At), e.Who, e.BranchId, e.Action, e.Target, e.Status, e.Detail)).ToList());
    }

    internal sealed record AuditView(DateTimeOffset At, string AtText, string Who, string? BranchId, string Action, string? Target, int Status, string? Detail);
}
