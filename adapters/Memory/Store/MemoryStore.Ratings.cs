using BranchBot.Core.Bulletins;
using BranchBot.Core.Ratings;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IRatingStore, IBulletinStore
{
    private readonly Dictionary<string, BranchField> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StarAward>> _awards = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Period, string Branch), BranchStars> _snapshots = [];
    private readonly Dictionary<string, Bulletin> _bulletins = new(StringComparer.Ordinal);

    public Task SetFieldAsync(string branchId, BranchField field, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _fields[branchId] = field;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, BranchField>> GetFieldsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, BranchField>>(new Dictionary<string, BranchField>(_fields, StringComparer.Ordinal));
        }
    }

    // Twin: RedisStore.Ratings.cs ChangeAward script; held together by RatingStoreContractTests.
    public Task<AwardChange> ChangeAwardAsync(StarAward change, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var history = _awards.TryGetValue(change.BranchId, out var list) ? list : _awards[change.BranchId] = [];
            var current = history.LastOrDefault(a => a.Star == change.Star);
            if ((current?.Awarded ?? false) == change.Awarded)
            {
                return Task.FromResult(new AwardChange(false, current));
            }

            history.Add(change);
            return Task.FromResult(new AwardChange(true, change));
        }
    }

    public Task<IReadOnlyList<StarAward>> GetAwardsAsync(string branchId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StarAward>>(_awards.TryGetValue(branchId, out var list) ? list.ToList() : []);
        }
    }

    public Task<BranchStars> SaveSnapshotAsync(BranchStars snapshot, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _snapshots.TryAdd((snapshot.PeriodKey, snapshot.BranchId), snapshot);
            return Task.FromResult(_snapshots[(snapshot.PeriodKey, snapshot.BranchId)]);
        }
    }

    public Task<IReadOnlyList<BranchStars>> GetSnapshotsAsync(string periodKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<BranchStars>>(_snapshots.Where(s => s.Key.Period == periodKey)
                .Select(s => s.Value).OrderBy(s => s.BranchId, StringComparer.Ordinal).ToList());
        }
    }

    public Task<Bulletin> AddBulletinAsync(Bulletin bulletin, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _bulletins.TryAdd(bulletin.PeriodKey, bulletin);
            return Task.FromResult(_bulletins[bulletin.PeriodKey]);
        }
    }

    public Task<Bulletin?> GetBulletinAsync(string periodKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_bulletins.GetValueOrDefault(periodKey));
        }
    }

    public Task<IReadOnlyList<BulletinSummary>> ListBulletinsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<BulletinSummary>>(_bulletins.Values.OrderByDescending(b => b.PeriodKey, StringComparer.Ordinal)
                .Select(b => new BulletinSummary(b.PeriodKey, b.PeriodLabel, b.CreatedAt, b.Rows.Count)).ToList());
        }
    }
}
