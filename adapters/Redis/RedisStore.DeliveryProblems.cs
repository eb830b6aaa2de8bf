using System.Text.Json;
using BranchBot.Core.Reminders;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// Configuration problems of deliveries: one hash field per cause under <c>{dp}</c>, the first report kept and later
/// ones only counted, in one script (a fan-out to thousands of members makes one entry, not thousands).
/// </summary>
public sealed partial class RedisStore : IDeliveryProblems
{
    // KEYS: problems, counts. ARGV: key, problem JSON, last-seen ms.
    // Twin: MemoryStore.DeliveryProblems.cs ReportProblemAsync; held together by DeliveryProblemsContractTests.Report_*.
    private static readonly RedisScript ReportProblem = new("""
        redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
        redis.call('HSET', KEYS[2], ARGV[1] .. ':last', ARGV[3])
        return 0
        """);

    public async Task ReportProblemAsync(DeliveryProblem problem, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => ReportProblem.EvaluateAsync(db, [Keys.DeliveryProblems, Keys.DeliveryProblemCounts],
            [problem.Key, JsonSerializer.Serialize(problem), problem.LastSeen.ToUnixTimeMilliseconds()]), cancellationToken);

    public async Task<IReadOnlyList<DeliveryProblem>> ListProblemsAsync(CancellationToken cancellationToken)
    {
        var (entries, counts) = await connection.RunAsync(async db =>
        {
            var batch = db.CreateBatch();
            var e = batch.HashGetAllAsync(Keys.DeliveryProblems);
            var c = batch.HashGetAllAsync(Keys.DeliveryProblemCounts);
            batch.Execute();
            return (await e, await c);
        }, cancellationToken);
        var figures = counts.ToDictionary(c => (string)c.Name!, c => (long)c.Value, StringComparer.Ordinal);
        return entries
            .Select(e => JsonSerializer.Deserialize<DeliveryProblem>((string)e.Value!)!)
            .Select(p => p with
            {
                Count = figures.GetValueOrDefault(p.Key, p.Count),
                LastSeen = figures.TryGetValue(p.Key + ":last", out var last) ? DateTimeOffset.FromUnixTimeMilliseconds(last) : p.LastSeen,
            })
            .OrderBy(p => p.FirstSeen)
            .ToList();
    }

    public async Task<bool> DismissProblemAsync(string key, CancellationToken cancellationToken)
    {
        var tx = (await connection.DatabaseAsync(cancellationToken)).CreateTransaction();
        var removed = tx.HashDeleteAsync(Keys.DeliveryProblems, key);
        _ = tx.HashDeleteAsync(Keys.DeliveryProblemCounts, [key, key + ":last"]);
        await connection.CommitAsync(tx, cancellationToken);
        return await removed;
    }
}
