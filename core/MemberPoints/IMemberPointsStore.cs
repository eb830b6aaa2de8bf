namespace BranchBot.Core.MemberPoints;

/// <summary>
/// The 党员积分 ledger: one entry per (member, source), set rather than added, so a retry, a restart or a second
/// instance never doubles it and a changed outcome replaces the entry. Keeps each member's yearly total and each
/// branch's yearly ranking in step with the entries.
/// </summary>
public interface IMemberPointsStore
{
    /// <summary>Sets the member's entry for <see cref="PointsEntry.Source"/> (same year as before); unchanged when equal.</summary>
    Task<PointsChange> SetPointsAsync(PointsEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes the entry of that source in that year; returns it (null: there was none).</summary>
    Task<PointsEntry?> RemovePointsAsync(string memberId, int year, string source, CancellationToken cancellationToken);

    /// <summary>The member's entries of the year, newest first.</summary>
    Task<IReadOnlyList<PointsEntry>> ListPointsAsync(string memberId, int year, CancellationToken cancellationToken);

    /// <summary>The branch's members with entries that year and their totals, highest first (ties by member id).</summary>
    Task<IReadOnlyList<PointsStanding>> BranchPointsAsync(string branchId, int year, CancellationToken cancellationToken);
}
