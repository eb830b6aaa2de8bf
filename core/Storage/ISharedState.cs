namespace BranchBot.Core.Storage;

/// <summary>
/// Port for small shared values and leases that every bot instance sees (access tokens, refresh locks, schedulers).
/// Time-to-live and lease expiry are kept by the store's own clock.
/// </summary>
public interface ISharedState
{
    Task<string?> GetAsync(string key, CancellationToken cancellationToken);

    Task SetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Adds one to a counter; the first increment starts its time-to-live. Returns the new value.</summary>
    Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="key"/> if the key is free and returns null; otherwise
    /// leaves it and returns what it holds. One atomic step (one round trip).
    /// </summary>
    Task<string?> AddOrGetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>How long <paramref name="key"/> has left to live; null if it does not exist or never expires.</summary>
    Task<TimeSpan?> TimeToLiveAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes <paramref name="key"/> only if it still holds <paramref name="expected"/>; true if deleted.</summary>
    Task<bool> DeleteIfEqualsAsync(string key, string expected, CancellationToken cancellationToken);

    /// <summary>Takes the lease <paramref name="key"/> for <paramref name="owner"/> if nobody holds it; true if taken.</summary>
    Task<bool> TryAcquireLeaseAsync(string key, string owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Releases the lease only if <paramref name="owner"/> still holds it.</summary>
    Task ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken);
}

/// <summary>Port for the store's health, shown at <c>/healthz</c>.</summary>
public interface IStoreHealth
{
    string StoreName { get; }

    Task<StoreHealthReport> CheckAsync(CancellationToken cancellationToken);
}

public sealed record StoreHealthReport(bool Healthy, string Detail);
