using System.Globalization;
using System.Text.Json;
using BranchBot.Core.MemberPoints;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : IMemberPointsStore
{
    // KEYS: the member's entries of the year, the member's points version. ARGV: source, the entry encoded ('' removes it).
    // Returns {changed, previous entry or '', version, year total, then branch, total, entries for each branch in the year}.
    // An unchanged entry keeps the version, so a retry rewrites the same ranking and heals a write lost in a crash.
    // Twin: MemoryStore.MemberPoints.cs SetPointsAsync/RemovePointsAsync; held together by MemberPointsStoreContractTests.
    private static readonly RedisScript SetMemberPoints = new("""
        local old = redis.call('HGET', KEYS[1], ARGV[1])
        if not old then old = '' end
        local changed = 0
        if old ~= ARGV[2] then
          changed = 1
          if ARGV[2] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
        end
        local version
        if changed == 1 then version = redis.call('INCR', KEYS[2]) else version = tonumber(redis.call('GET', KEYS[2]) or '0') end
        local total, sums, counts, order = 0, {}, {}, {}
        for _, value in ipairs(redis.call('HVALS', KEYS[1])) do
          local points, branch = string.match(value, '^(-?%d+)|([^|]*)|')
          points = tonumber(points)
          total = total + points
          if not sums[branch] then sums[branch] = 0; counts[branch] = 0; table.insert(order, branch) end
          sums[branch] = sums[branch] + points
          counts[branch] = counts[branch] + 1
        end
        local result = {changed, old, version, total}
        for _, branch in ipairs(order) do
          table.insert(result, branch); table.insert(result, sums[branch]); table.insert(result, counts[branch])
        end
        return result
        """);

    // KEYS: the branch's ranking of the year, its member versions. ARGV: member, version, total, present (1/0).
    // Applies only a version at least as new as the one the ranking reflects: concurrent changes converge on the latest.
    // Twin: MemoryStore.MemberPoints.cs (totals computed under one lock); held together by MemberPointsStoreContractTests.
    private static readonly RedisScript RankMemberPoints = new("""
        local seen = redis.call('HGET', KEYS[2], ARGV[1])
        if seen and tonumber(seen) > tonumber(ARGV[2]) then return 0 end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        if ARGV[4] == '1' then redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1]) else redis.call('ZREM', KEYS[1], ARGV[1]) end
        return 1
        """);

    public async Task<PointsChange> SetPointsAsync(PointsEntry entry, CancellationToken cancellationToken) =>
        (await ChangePointsAsync(entry.MemberId, entry.Year, entry.Source, EncodePoints(entry), entry.BranchId, cancellationToken)).Change;

    public async Task<PointsEntry?> RemovePointsAsync(string memberId, int year, string source, CancellationToken cancellationToken) =>
        (await ChangePointsAsync(memberId, year, source, string.Empty, null, cancellationToken)).Previous;

    public async Task<IReadOnlyList<PointsEntry>> ListPointsAsync(string memberId, int year, CancellationToken cancellationToken)
    {
        var values = await connection.RunAsync(db => db.HashValuesAsync(Keys.MemberPoints(memberId, year)), cancellationToken);
        return values.Select(v => DecodePoints(v!)).OrderByDescending(e => e.At).ThenBy(e => e.Source, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<PointsStanding>> BranchPointsAsync(string branchId, int year, CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.SortedSetRangeByRankWithScoresAsync(Keys.PointsRanking(branchId, year, "z"), order: Order.Descending), cancellationToken);
        return entries.Select(e => new PointsStanding((string)e.Element!, (int)e.Score))
            .OrderByDescending(s => s.Points).ThenBy(s => s.MemberId, StringComparer.Ordinal).ToList();
    }

    private async Task<(PointsChange Change, PointsEntry? Previous)> ChangePointsAsync(string memberId, int year, string source, string encoded, string? branchId, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await connection.RunAsync(db => SetMemberPoints.EvaluateAsync(db,
            [Keys.MemberPoints(memberId, year), Keys.MemberPointsVersion(memberId)], [source, encoded]), cancellationToken))!;
        var previousText = (string?)result[1];
        var previous = string.IsNullOrEmpty(previousText) ? null : DecodePoints(previousText);
        var version = (long)result[2];
        var branches = new Dictionary<string, (int Total, int Count)>(StringComparer.Ordinal);
        for (var i = 4; i + 2 < result.Length; i += 3)
        {
            branches[(string)result[i]!] = ((int)result[i + 1], (int)result[i + 2]);
        }

        // The branches whose ranking this change touches: the entry's before and after (a member moved in the meantime).
        var touched = new[] { previous?.BranchId, branchId }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        await connection.DoAsync(db => Task.WhenAll(touched.Select(b =>
        {
            var (total, count) = branches.GetValueOrDefault(b);
            return RankMemberPoints.EvaluateAsync(db, [Keys.PointsRanking(b, year, "z"), Keys.PointsRanking(b, year, "v")],
                [memberId, version, total, count > 0 ? "1" : "0"]);
        })), cancellationToken);
        return (new PointsChange((long)result[0] == 1, (int)result[3]), previous);
    }

    /// <summary>Points, branch, then the entry as JSON: the script sums totals per branch without decoding JSON.</summary>
    private static string EncodePoints(PointsEntry entry) =>
        entry.Points.ToString(CultureInfo.InvariantCulture) + "|" + entry.BranchId + "|" + JsonSerializer.Serialize(entry);

    private static PointsEntry DecodePoints(string stored)
    {
        var first = stored.IndexOf('|');
        return JsonSerializer.Deserialize<PointsEntry>(stored[(stored.IndexOf('|', first + 1) + 1)..])!;
    }
}
