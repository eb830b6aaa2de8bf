using BranchBot.Core.Messaging;

namespace BranchBot.Adapters.Memory;

/// <summary>
/// Where outbound pushes go when no AppSecret is configured (the embedded default): kept in memory, newest last,
/// so the console chat can show what the bot would have sent through WeChat.
/// </summary>
public sealed class LocalOutbox(TimeProvider time) : IMessenger
{
    private const int Capacity = 1000;
    private readonly Lock _lock = new();
    private readonly LinkedList<OutboxEntry> _entries = new();
    private long _sequence;

    public Task<DeliveryResult> SendTextAsync(string openId, string text, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.AddLast(new OutboxEntry(++_sequence, openId, text, time.GetUtcNow()));
            if (_entries.Count > Capacity)
            {
                _entries.RemoveFirst();
            }
        }

        return Task.FromResult(DeliveryResult.Ok);
    }

    /// <summary>Entries after <paramref name="afterSequence"/>, optionally only for one member.</summary>
    public IReadOnlyList<OutboxEntry> Read(long afterSequence, string? openId = null)
    {
        lock (_lock)
        {
            return _entries.Where(e => e.Sequence > afterSequence && (openId is null || e.OpenId == openId)).ToList();
        }
    }
}

public sealed record OutboxEntry(long Sequence, string OpenId, string Text, DateTimeOffset SentAt);
