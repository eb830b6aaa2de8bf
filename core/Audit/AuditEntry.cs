namespace BranchBot.Core.Audit;

/// <summary>
/// One change made through the console or the admin API: who, of which branch (null: organisation-wide caller),
/// what (<c>POST /api/meetings</c>), on what (route values), with which HTTP status, and a short detail.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string Who, string? BranchId, string Action, string? Target, int Status, string? Detail);
