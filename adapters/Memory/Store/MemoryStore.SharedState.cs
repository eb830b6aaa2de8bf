using BranchBot.Core.Storage;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : ISharedState
{
    public Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Read<Shared>(SharedKey(key))?.Value);
        }
    }

    public Task SetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Write(SharedKey(key), new Shared(value), ttl);
        }

        return Task.CompletedTask;
    }

    // Twin of the Increment script in RedisStore.SharedState.cs.
    public Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = Read<Shared>(SharedKey(key));
            var next = (current is null ? 0 : long.Parse(current.Value, System.Globalization.CultureInfo.InvariantCulture)) + 1;
            if (current is null)
            {
                Write(SharedKey(key), new Shared(next.ToString(System.Globalization.CultureInfo.InvariantCulture)), ttl);
            }
            else
            {
                _entries[SharedKey(key)] = _entries[SharedKey(key)] with { Value = new Shared(next.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            }

            return Task.FromResult(next);
        }
    }

    // Twin of the AddOrGet script in RedisStore.SharedState.cs.
    public Task<string?> AddOrGetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Read<Shared>(SharedKey(key)) is { } existing)
            {
                return Task.FromResult<string?>(existing.Value);
            }

            Write(SharedKey(key), new Shared(value), ttl);
            return Task.FromResult<string?>(null);
        }
    }

    public Task<TimeSpan?> TimeToLiveAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            TimeSpan? left = Read<Shared>(SharedKey(key)) is null ? null : _entries[SharedKey(key)].ExpiresAt - time.GetUtcNow();
            return Task.FromResult(left);
        }
    }

    // Twin of the DeleteIfEquals script in RedisStore.SharedState.cs.
    public Task<bool> DeleteIfEqualsAsync(string key, string expected, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var deleted = Read<Shared>(SharedKey(key))?.Value == expected && _entries.Remove(SharedKey(key));
            return Task.FromResult(deleted);
        }
    }

    public Task<bool> TryAcquireLeaseAsync(string key, string owner, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (Read<Shared>(SharedKey(key)) is not null)
            {
                return Task.FromResult(false);
            }

            Write(SharedKey(key), new Shared(owner), ttl);
            return Task.FromResult(true);
        }
    }

    public async Task ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken) =>
        await DeleteIfEqualsAsync(key, owner, cancellationToken);

    private static string SharedKey(string key) => "shared:" + key;

    private sealed record Shared(string Value);
}
