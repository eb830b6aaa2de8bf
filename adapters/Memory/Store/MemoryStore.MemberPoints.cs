using BranchBot.Core.MemberPoints;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IMemberPointsStore
{
    private readonly Dictionary<(string Member, int Year, string Source), PointsEntry> _points = [];

    // Twin: RedisStore.MemberPoints.cs SetMemberPoints and RankMemberPoints scripts; held together by MemberPointsStoreContractTests.
    public Task<PointsChange> SetPointsAsync(PointsEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (entry.MemberId, entry.Year, entry.Source);
            var changed = !_points.TryGetValue(key, out var old) || old != entry;
            _points[key] = entry;
            return Task.FromResult(new PointsChange(changed, YearTotal(entry.MemberId, entry.Year)));
        }
    }

    public Task<PointsEntry?> RemovePointsAsync(string memberId, int year, string source, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_points.Remove((memberId, year, source), out var old) ? old : null);
        }
    }

    public Task<IReadOnlyList<PointsEntry>> ListPointsAsync(string memberId, int year, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<PointsEntry>>(_points.Values.Where(e => e.MemberId == memberId && e.Year == year)
                .OrderByDescending(e => e.At).ThenBy(e => e.Source, StringComparer.Ordinal).ToList());
        }
    }

    public Task<IReadOnlyList<PointsStanding>> BranchPointsAsync(string branchId, int year, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<PointsStanding>>(_points.Values.Where(e => e.BranchId == branchId && e.Year == year)
                .GroupBy(e => e.MemberId).Select(g => new PointsStanding(g.Key, g.Sum(e => e.Points)))
                .OrderByDescending(s => s.Points).ThenBy(s => s.MemberId, StringComparer.Ordinal).ToList());
        }
    }

    private int YearTotal(string memberId, int year) => _points.Values.Where(e => e.MemberId == memberId && e.Year == year).Sum(e => e.Points);
}
