using BranchBot.Core.Talks;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : ITalkStore
{
    private readonly Dictionary<(string Branch, int Year, string Id), Talk> _talks = [];

    public Task<bool> AddTalkAsync(Talk talk, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_talks.TryAdd((talk.BranchId, talk.Date.Year, talk.Id), talk));
        }
    }

    public Task<IReadOnlyList<Talk>> ListTalksAsync(string branchId, int year, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Talk>>(_talks.Where(p => p.Key.Branch == branchId && p.Key.Year == year).Select(p => p.Value)
                .OrderBy(t => t.Date).ThenBy(t => t.Id, StringComparer.Ordinal).ToList());
        }
    }
}
