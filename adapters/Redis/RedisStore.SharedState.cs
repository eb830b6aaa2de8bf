using BranchBot.Core.Storage;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : ISharedState
{
    // Twin: MemoryStore.SharedState.cs DeleteIfEqualsAsync (and the room code freed by MemoryStore.Competitions.cs FinishAsync/ExpireAsync);
    // held together by StoreContractTests.DeleteIfEquals_OtherValue_KeepsTheKey, Lease_* and CompetitionStoreContractTests.Expire_*.
    private static readonly RedisScript DeleteIfEquals = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """);

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.StringGetAsync(Keys.Shared(key)), cancellationToken);

    public async Task SetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.StringSetAsync(Keys.Shared(key), value, ttl), cancellationToken);

    // Twin: MemoryStore.SharedState.cs IncrementAsync; held together by StoreContractTests.Increment_CountsFromOne_AndKeepsTheTtlOfTheFirstIncrement.
    private static readonly RedisScript Increment = new("""
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return n
        """);

    public async Task<long> IncrementAsync(string key, TimeSpan ttl, CancellationToken cancellationToken) =>
        (long)await connection.RunAsync(db => Increment.EvaluateAsync(db, [Keys.Shared(key)], [Ms(ttl)]), cancellationToken);

    // Twin: MemoryStore.SharedState.cs AddOrGetAsync; held together by StoreContractTests.AddOrGet_FirstStoresAndReturnsNull_LaterReturnTheFirstValueAndKeepIt.
    private static readonly RedisScript AddOrGet = new("""
        local old = redis.call('GET', KEYS[1])
        if old then return old end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return false
        """);

    public async Task<string?> AddOrGetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var result = await connection.RunAsync(db => AddOrGet.EvaluateAsync(db, [Keys.Shared(key)], [value, Ms(ttl)]), cancellationToken);
        return result.IsNull ? null : (string?)result;
    }

    public async Task<TimeSpan?> TimeToLiveAsync(string key, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.KeyTimeToLiveAsync(Keys.Shared(key)), cancellationToken);

    public async Task<bool> DeleteIfEqualsAsync(string key, string expected, CancellationToken cancellationToken) =>
        (int)await connection.RunAsync(db => DeleteIfEquals.EvaluateAsync(db, [Keys.Shared(key)], [expected]), cancellationToken) == 1;

    /// <summary>SET NX PX: the lease expires by Redis's clock, whatever the instances' clocks say.</summary>
    public async Task<bool> TryAcquireLeaseAsync(string key, string owner, TimeSpan ttl, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.StringSetAsync(Keys.Shared(key), owner, ttl, When.NotExists), cancellationToken);

    public async Task ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken) =>
        await DeleteIfEqualsAsync(key, owner, cancellationToken);
}
