using BranchBot.Core.Study;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IRankingStore
{
    private readonly Dictionary<(string Scope, string Period), Dictionary<string, int>> _rankings = [];

    public Task ApplyAsync(IReadOnlyList<RankingUpdate> updates, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var update in updates)
            {
                foreach (var period in StudyPeriods.For(update.At).All)
                {
                    foreach (var scope in new[] { RankingScope.Branch(update.BranchId), RankingScope.Organisation })
                    {
                        var board = Board(scope, period);
                        board[update.MemberId] = board.GetValueOrDefault(update.MemberId) + update.Points;
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RankEntry>> TopAsync(RankingScope scope, string period, int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<RankEntry>>(Ordered(scope, period).Take(count).ToList());
        }
    }

    public Task<RankEntry?> RankOfAsync(RankingScope scope, string period, string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Ordered(scope, period).FirstOrDefault(e => e.MemberId == memberId));
        }
    }

    public Task<long> CountAsync(RankingScope scope, string period, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<long>(Board(scope, period).Count);
        }
    }

    public Task ReplaceAsync(IReadOnlyDictionary<(RankingScope Scope, string Period), IReadOnlyDictionary<string, int>> totals, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _rankings.Clear();
            foreach (var ((scope, period), board) in totals)
            {
                _rankings[(ScopeKey(scope), period)] = new Dictionary<string, int>(board, StringComparer.Ordinal);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Most points first; ties in descending member-id order, as Redis's ZREVRANGE orders them.</summary>
    private IEnumerable<RankEntry> Ordered(RankingScope scope, string period) =>
        Board(scope, period)
            .OrderByDescending(p => p.Value)
            .ThenByDescending(p => p.Key, StringComparer.Ordinal)
            .Select((p, i) => new RankEntry(p.Key, p.Value, i + 1));

    private Dictionary<string, int> Board(RankingScope scope, string period)
    {
        var key = (ScopeKey(scope), period);
        if (!_rankings.TryGetValue(key, out var board))
        {
            _rankings[key] = board = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        return board;
    }

    private static string ScopeKey(RankingScope scope) => scope.BranchId is null ? "org" : "b:" + scope.BranchId;
}
