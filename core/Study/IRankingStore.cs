namespace BranchBot.Core.Study;

/// <summary>Branch-wide or organisation-wide.</summary>
public sealed record RankingScope(string? BranchId)
{
    public static RankingScope Organisation { get; } = new((string?)null);

    public static RankingScope Branch(string branchId) => new(branchId);
}

/// <summary>One place in a ranking: member, points, 1-based rank.</summary>
public sealed record RankEntry(string MemberId, int Points, int Rank);

/// <summary>
/// Port for rankings per branch and organisation-wide, per period (day, week, month, all). Derived from the points
/// ledger: <see cref="ReplaceAsync"/> rebuilds them from it.
/// </summary>
public interface IRankingStore
{
    /// <summary>Adds awarded points to every period of the member's branch and of the organisation.</summary>
    Task ApplyAsync(IReadOnlyList<RankingUpdate> updates, CancellationToken cancellationToken);

    Task<IReadOnlyList<RankEntry>> TopAsync(RankingScope scope, string period, int count, CancellationToken cancellationToken);

    /// <summary>The member's place, or null when they have no points in that period.</summary>
    Task<RankEntry?> RankOfAsync(RankingScope scope, string period, string memberId, CancellationToken cancellationToken);

    /// <summary>How many members have points in the ranking.</summary>
    Task<long> CountAsync(RankingScope scope, string period, CancellationToken cancellationToken);

    /// <summary>Replaces all rankings by the given totals (from the ledger): (scope, period) → member → points.</summary>
    Task ReplaceAsync(IReadOnlyDictionary<(RankingScope Scope, string Period), IReadOnlyDictionary<string, int>> totals, CancellationToken cancellationToken);
}
