using BranchBot.Core.Audit;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IAuditLog
{
    /// <summary>Oldest first per list; the key "" is the organisation-wide list.</summary>
    private readonly Dictionary<string, Queue<AuditEntry>> _audit = new(StringComparer.Ordinal);

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Add(string.Empty, entry);
            if (entry.BranchId is { } branch)
            {
                Add(branch, entry);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? branchId, int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<AuditEntry> list = _audit.TryGetValue(branchId ?? string.Empty, out var entries) ? entries.Reverse().Take(count).ToList() : [];
            return Task.FromResult(list);
        }
    }

    private void Add(string list, AuditEntry entry)
    {
        if (!_audit.TryGetValue(list, out var entries))
        {
            _audit[list] = entries = new Queue<AuditEntry>();
        }

        entries.Enqueue(entry);
        if (entries.Count > IAuditLog.Capacity)
        {
            entries.Dequeue();
        }
    }
}
