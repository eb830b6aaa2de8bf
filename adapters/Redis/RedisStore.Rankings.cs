using BranchBot.Core.Points;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : IRankingStore
{
    /// <summary>Day, week and month boards expire some time after their period; all-time boards stay.</summary>
    private static TimeSpan? Retention(string period) => period[0] switch
    {
        'd' => TimeSpan.FromDays(40),
        'w' => TimeSpan.FromDays(120),
        'm' => TimeSpan.FromDays(400),
        _ => null,
    };

    public async Task ApplyAsync(IReadOnlyList<RankingUpdate> updates, CancellationToken cancellationToken)
    {
        // Sorted sets of many branches live in many slots: these commands are pipelined, not scripted.
        await connection.DoAsync(db => Task.WhenAll(updates.SelectMany(update =>
            StudyPeriods.For(update.At).All.SelectMany(period =>
                new[] { Keys.Ranking(update.BranchId, period), Keys.Ranking(null, period) }.SelectMany(key =>
                {
                    var retention = Retention(period);
                    var increment = (Task)db.SortedSetIncrementAsync(key, update.MemberId, update.Points);
                    return retention is null ? [increment] : new[] { increment, db.KeyExpireAsync(key, retention) };
                })))), cancellationToken);
    }

    public async Task<IReadOnlyList<RankEntry>> TopAsync(RankingScope scope, string period, int count, CancellationToken cancellationToken)
    {
        var top = await connection.RunAsync(db => db.SortedSetRangeByRankWithScoresAsync(Keys.Ranking(scope.BranchId, period), 0, count - 1, Order.Descending), cancellationToken);
        return top.Select((e, i) => new RankEntry(e.Element!, (int)e.Score, i + 1)).ToList();
    }

    public async Task<RankEntry?> RankOfAsync(RankingScope scope, string period, string memberId, CancellationToken cancellationToken)
    {
        var key = Keys.Ranking(scope.BranchId, period);
        var (rank, score) = await connection.RunAsync(async db =>
        {
            var rankTask = db.SortedSetRankAsync(key, memberId, Order.Descending);
            var scoreTask = db.SortedSetScoreAsync(key, memberId);
            return (await rankTask, await scoreTask);
        }, cancellationToken);
        return rank is null || score is null ? null : new RankEntry(memberId, (int)score.Value, (int)rank.Value + 1);
    }

    public async Task<long> CountAsync(RankingScope scope, string period, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.SortedSetLengthAsync(Keys.Ranking(scope.BranchId, period)), cancellationToken);

    public async Task ReplaceAsync(IReadOnlyDictionary<(RankingScope Scope, string Period), IReadOnlyDictionary<string, int>> totals, CancellationToken cancellationToken)
    {
        foreach (var ((scope, period), board) in totals)
        {
            var key = Keys.Ranking(scope.BranchId, period);
            var db = await connection.DatabaseAsync(cancellationToken);
            var transaction = db.CreateTransaction();
            _ = transaction.KeyDeleteAsync(key);
            _ = transaction.SortedSetAddAsync(key, board.Select(p => new SortedSetEntry(p.Key, p.Value)).ToArray());
            if (Retention(period) is { } retention)
            {
                _ = transaction.KeyExpireAsync(key, retention);
            }

            await transaction.ExecuteAsync().WaitAsync(connection.Timeout * 10, cancellationToken);
        }
    }
}
