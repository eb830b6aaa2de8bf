using BranchBot.Core.Inbox;
using BranchBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.Memory;

/// <summary>
/// The embedded store: everything in this process, with expiry by the injected clock. Same contract as the
/// Redis store (the contract tests run on both); one lock makes each operation atomic like a Redis script.
/// State is lost when the process stops, which is what a local trial wants.
/// </summary>
public sealed partial class MemoryStore(TimeProvider time, IOptions<ConversationOptions> options) : IBotStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _writesSinceSweep;

    public string StoreName => "memory";

    public Task<StoreHealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        int count;
        lock (_lock)
        {
            count = _entries.Count;
        }

        return Task.FromResult(new StoreHealthReport(true, $"in-process store, {count} keys"));
    }

    private ConversationOptions Options => options.Value;

    /// <summary>Live keys, for tests that check a rejected push changed nothing.</summary>
    internal int KeyCount
    {
        get
        {
            lock (_lock)
            {
                var now = time.GetUtcNow();
                return _entries.Count(e => e.Value.ExpiresAt > now);
            }
        }
    }

    private T? Read<T>(string key) where T : class
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt <= time.GetUtcNow())
        {
            _entries.Remove(key);
            return null;
        }

        return entry.Value as T;
    }

    private void Write(string key, object value, TimeSpan ttl)
    {
        _entries[key] = new Entry(value, time.GetUtcNow() + ttl);
        if (++_writesSinceSweep >= 1024)
        {
            _writesSinceSweep = 0;
            var now = time.GetUtcNow();
            foreach (var expired in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
            {
                _entries.Remove(expired);
            }
        }
    }

    private void Touch(string key, TimeSpan ttl)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > time.GetUtcNow())
        {
            _entries[key] = entry with { ExpiresAt = time.GetUtcNow() + ttl };
        }
    }

    private sealed record Entry(object Value, DateTimeOffset ExpiresAt);
}
