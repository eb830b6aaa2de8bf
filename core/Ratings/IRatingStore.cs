namespace BranchBot.Core.Ratings;

/// <summary>What an award or withdrawal did: whether it changed the star, and the star's last change as it stands.</summary>
public sealed record AwardChange(bool Applied, StarAward? Current);

/// <summary>
/// Port for star ratings: each branch's 领域, the history of hand-awarded stars, and per-period snapshots that keep a
/// closed period's stars (and so the rankings over time) as they were when it closed.
/// </summary>
public interface IRatingStore
{
    Task SetFieldAsync(string branchId, BranchField field, CancellationToken cancellationToken);

    /// <summary>Branch id → field, for every branch whose field was set.</summary>
    Task<IReadOnlyDictionary<string, BranchField>> GetFieldsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends <paramref name="change"/> to the branch's history only if it changes the star (awarding an awarded star,
    /// or withdrawing one not awarded, changes nothing). One atomic step.
    /// </summary>
    Task<AwardChange> ChangeAwardAsync(StarAward change, CancellationToken cancellationToken);

    /// <summary>Every award and withdrawal of the branch, oldest first.</summary>
    Task<IReadOnlyList<StarAward>> GetAwardsAsync(string branchId, CancellationToken cancellationToken);

    /// <summary>Keeps the first snapshot of a branch for a period; returns the one stored (this one or the earlier).</summary>
    Task<BranchStars> SaveSnapshotAsync(BranchStars snapshot, CancellationToken cancellationToken);

    /// <summary>Every branch's snapshot of the period (empty when none was taken).</summary>
    Task<IReadOnlyList<BranchStars>> GetSnapshotsAsync(string periodKey, CancellationToken cancellationToken);
}
