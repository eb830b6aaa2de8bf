using BranchBot.Core.Study;
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
        var increments = updates.SelectMany(update => StudyPeriods.For(update.At).All.SelectMany(period =>
                new[] { Keys.Ranking(update.BranchId, period), Keys.Ranking(null, period) }.Select(key => (Key: key, Period: period, Update: update))))
            .ToList();
        if (increments.Count == 0)
        {
            return;
        }

        // Sorted sets of many branches live in many slots: these commands are pipelined, not scripted.
        await connection.DoAsync(db =>
        {
            var writes = new List<Task>();
            foreach (var (key, period, update) in increments)
            {
                writes.Add(db.SortedSetIncrementAsync(key, update.MemberId, update.Points));
                if (Retention(period) is { } retention)
                {
                    writes.Add(db.KeyExpireAsync(key, retention));
                }
            }

            writes.Add(db.SetAddAsync(Keys.RankingBoards, increments.Select(i => (RedisValue)(string)i.Key!).Distinct().ToArray()));
            return Task.WhenAll(writes);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<RankEntry>> TopAsync(RankingScope scope, string period, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

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

    /// <summary>
    /// Writes each given board in its own transaction, then drops every other board ever written (listed in
    /// <see cref="RedisKeys.RankingBoards"/>), so the rankings hold exactly the totals. Boards first written after the
    /// listing was read are kept: they hold points applied while the rebuild ran.
    /// </summary>
    public async Task ReplaceAsync(IReadOnlyDictionary<(RankingScope Scope, string Period), IReadOnlyDictionary<string, int>> totals, CancellationToken cancellationToken)
    {
        var stale = (await connection.RunAsync(db => db.SetMembersAsync(Keys.RankingBoards), cancellationToken))
            .Select(k => (string)k!)
            .ToHashSet(StringComparer.Ordinal);
        var db = await connection.DatabaseAsync(cancellationToken);
        foreach (var ((scope, period), board) in totals)
        {
            var key = Keys.Ranking(scope.BranchId, period);
            var transaction = db.CreateTransaction();
            _ = transaction.KeyDeleteAsync(key);
            if (board.Count > 0)
            {
                stale.Remove(key!);
                _ = transaction.SortedSetAddAsync(key, board.Select(p => new SortedSetEntry(p.Key, p.Value)).ToArray());
                if (Retention(period) is { } retention)
                {
                    _ = transaction.KeyExpireAsync(key, retention);
                }
            }

            // The board and the list of boards live in different cluster slots: the list is kept up separately.
            await ExecuteAsync(transaction, cancellationToken);
            if (board.Count > 0)
            {
                await connection.DoAsync(d => d.SetAddAsync(Keys.RankingBoards, (string)key!), cancellationToken);
            }
        }

        foreach (var key in stale)
        {
            await connection.DoAsync(d => d.KeyDeleteAsync(key), cancellationToken);
            await connection.DoAsync(d => d.SetRemoveAsync(Keys.RankingBoards, key), cancellationToken);
        }
    }

    private async Task ExecuteAsync(ITransaction transaction, CancellationToken cancellationToken)
    {
        if (!await connection.CommitAsync(transaction, cancellationToken))
        {
            throw new InvalidOperationException("ranking replace transaction was not applied");
        }
    }
}
