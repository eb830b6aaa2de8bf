namespace BranchBot.Core.Audit;

/// <summary>
/// Port for the audit log: every entry goes to the organisation-wide list and, when it has a branch, to that branch's
/// list; each list keeps the newest <see cref="Capacity"/> entries.
/// </summary>
public interface IAuditLog
{
    const int Capacity = 10_000;

    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The newest entries first: of one branch, or organisation-wide when <paramref name="branchId"/> is null.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string? branchId, int count, CancellationToken cancellationToken);
}
