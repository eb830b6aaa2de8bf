namespace BranchBot.Core.Bulletins;

/// <summary>Port for the monthly bulletins: one per month, the first composed kept.</summary>
public interface IBulletinStore
{
    /// <summary>Stores the bulletin if its month has none; returns the one stored (this one or the earlier).</summary>
    Task<Bulletin> AddBulletinAsync(Bulletin bulletin, CancellationToken cancellationToken);

    Task<Bulletin?> GetBulletinAsync(string periodKey, CancellationToken cancellationToken);

    /// <summary>Every stored bulletin, newest month first.</summary>
    Task<IReadOnlyList<BulletinSummary>> ListBulletinsAsync(CancellationToken cancellationToken);
}
