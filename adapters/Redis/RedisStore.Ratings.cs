using System.Globalization;
using System.Text.Json;
using BranchBot.Core.Bulletins;
using BranchBot.Core.Ratings;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : IRatingStore, IBulletinStore
{
    // KEYS: the branch's current-award hash, its history list. ARGV: star (its number), awarded ('1'/'0'), the change (JSON).
    // Returns {applied, the star's last change or ''}: the current state is kept as '1|json' or '0|json'.
    // Twin: MemoryStore.Ratings.cs ChangeAwardAsync; held together by RatingStoreContractTests.
    private static readonly RedisScript ChangeAward = new("""
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        local awarded = current and string.sub(current, 1, 1) or '0'
        if awarded == ARGV[2] then return {0, current or ''} end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
        redis.call('RPUSH', KEYS[2], ARGV[3])
        return {1, ARGV[2] .. '|' .. ARGV[3]}
        """);

    // KEYS: one hash. ARGV: field, value. Keeps the first value and returns the one stored.
    // Twin: MemoryStore.Ratings.cs SaveSnapshotAsync and AddBulletinAsync (TryAdd then read).
    private static readonly RedisScript AddOrGetField = new("""
        redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
        return redis.call('HGET', KEYS[1], ARGV[1])
        """);

    public Task SetFieldAsync(string branchId, BranchField field, CancellationToken cancellationToken) =>
        connection.DoAsync(db => db.HashSetAsync(Keys.Stars("fields"), branchId, (int)field), cancellationToken);

    public async Task<IReadOnlyDictionary<string, BranchField>> GetFieldsAsync(CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.HashGetAllAsync(Keys.Stars("fields")), cancellationToken);
        return entries.ToDictionary(e => (string)e.Name!, e => (BranchField)(int)e.Value, StringComparer.Ordinal);
    }

    public async Task<AwardChange> ChangeAwardAsync(StarAward change, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await connection.RunAsync(db => ChangeAward.EvaluateAsync(db,
            [Keys.Stars("awc:" + change.BranchId), Keys.Stars("aw:" + change.BranchId)],
            [((int)change.Star).ToString(CultureInfo.InvariantCulture), change.Awarded ? "1" : "0", JsonSerializer.Serialize(change)]), cancellationToken))!;
        var current = (string?)result[1];
        return new AwardChange((int)result[0] == 1, string.IsNullOrEmpty(current) ? null : JsonSerializer.Deserialize<StarAward>(current[2..]));
    }

    public async Task<IReadOnlyList<StarAward>> GetAwardsAsync(string branchId, CancellationToken cancellationToken)
    {
        var values = await connection.RunAsync(db => db.ListRangeAsync(Keys.Stars("aw:" + branchId)), cancellationToken);
        return values.Select(v => JsonSerializer.Deserialize<StarAward>((string)v!)!).ToList();
    }

    public async Task<BranchStars> SaveSnapshotAsync(BranchStars snapshot, CancellationToken cancellationToken)
    {
        var stored = await connection.RunAsync(db => AddOrGetField.EvaluateAsync(db, [Keys.Stars("snap:" + snapshot.PeriodKey)],
            [snapshot.BranchId, JsonSerializer.Serialize(snapshot)]), cancellationToken);
        return JsonSerializer.Deserialize<BranchStars>((string)stored!)!;
    }

    public async Task<IReadOnlyList<BranchStars>> GetSnapshotsAsync(string periodKey, CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.HashGetAllAsync(Keys.Stars("snap:" + periodKey)), cancellationToken);
        return entries.Select(e => JsonSerializer.Deserialize<BranchStars>((string)e.Value!)!).OrderBy(s => s.BranchId, StringComparer.Ordinal).ToList();
    }

    public async Task<Bulletin> AddBulletinAsync(Bulletin bulletin, CancellationToken cancellationToken)
    {
        var stored = await connection.RunAsync(db => AddOrGetField.EvaluateAsync(db, [Keys.Bulletins("all")],
            [bulletin.PeriodKey, JsonSerializer.Serialize(bulletin)]), cancellationToken);
        return JsonSerializer.Deserialize<Bulletin>((string)stored!)!;
    }

    public async Task<Bulletin?> GetBulletinAsync(string periodKey, CancellationToken cancellationToken)
    {
        var value = await connection.RunAsync(db => db.HashGetAsync(Keys.Bulletins("all"), periodKey), cancellationToken);
        return value.IsNull ? null : JsonSerializer.Deserialize<Bulletin>((string)value!);
    }

    public async Task<IReadOnlyList<BulletinSummary>> ListBulletinsAsync(CancellationToken cancellationToken)
    {
        // A bulletin is a few kilobytes per hundred branches and there is one a month: reading them whole stays small.
        var entries = await connection.RunAsync(db => db.HashGetAllAsync(Keys.Bulletins("all")), cancellationToken);
        return entries.Select(e => JsonSerializer.Deserialize<Bulletin>((string)e.Value!)!)
            .OrderByDescending(b => b.PeriodKey, StringComparer.Ordinal)
            .Select(b => new BulletinSummary(b.PeriodKey, b.PeriodLabel, b.CreatedAt, b.Rows.Count)).ToList();
    }
}
