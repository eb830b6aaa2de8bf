using System.Threading.Channels;
using System.Threading.RateLimiting;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>What <see cref="WebhookQueue.Enqueue"/> did with a message.</summary>
internal enum Enqueued
{
    Queued,

    /// <summary>Queued, and a waiting message of the same topic was dropped for it.</summary>
    Superseded,

    /// <summary>Refused: <see cref="WebhookQueue.MaxWaiting"/> messages of other topics already wait.</summary>
    Full,

    /// <summary>Refused: the sender has stopped.</summary>
    Closed,
}

/// <summary>A message waiting for its turn; <paramref name="RateLimitedRounds"/> counts the robot's 45009 answers so far.</summary>
internal sealed record WaitingMessage(string Topic, string Content, int RateLimitedRounds = 0);

/// <summary>
/// The messages waiting for one webhook, in posting order, at most one per topic: a newer message of a topic replaces
/// the waiting one and takes its place at the end, so what goes out is always a subsequence of what was posted. Posts to
/// one webhook go out one at a time, so a message can also be superseded while it waits behind a post in flight. Also
/// holds the webhook's limiter, a sliding window of <see cref="GroupRobotOptions.MessagesPerMinute"/> permits.
/// </summary>
/// <remarks>
/// System.Threading.RateLimiting measures time with <see cref="System.Diagnostics.Stopwatch"/> and cannot take a
/// <see cref="TimeProvider"/> (even its manual <c>TryReplenish</c> checks the elapsed Stopwatch time), so the window runs
/// on real time; tests shorten <see cref="GroupRobotOptions.Window"/> instead of moving a clock. A permit taken in one
/// segment comes back when that segment slides out, between (n-1) and n segments later; the limiter's window is
/// stretched by one segment so every permit is held at least a full <see cref="GroupRobotOptions.Window"/>, and no span
/// of that length ever sees more than the limit.
/// </remarks>
internal sealed class WebhookQueue : IDisposable
{
    /// <summary>Waiting messages (of distinct topics) beyond this are refused.</summary>
    public const int MaxWaiting = 1000;

    internal const int SegmentsPerWindow = 10;

    private readonly Lock _gate = new();
    private readonly LinkedList<WaitingMessage> _waiting = new();
    private readonly Dictionary<string, LinkedListNode<WaitingMessage>> _byTopic = new(StringComparer.Ordinal);
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly SlidingWindowRateLimiter _limiter;
    private bool _closed;

    public WebhookQueue(Uri address, int messagesPerWindow, TimeSpan window)
    {
        Address = address;
        Name = WebhookAddress.Describe(address);
        _limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = messagesPerWindow,
            Window = TimeSpan.FromTicks(window.Ticks * SegmentsPerWindow / (SegmentsPerWindow - 1)),
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = 1,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public Uri Address { get; }

    /// <summary>The address as logs show it (without the key).</summary>
    public string Name { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    public Enqueued Enqueue(string topic, string content)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return Enqueued.Closed;
            }

            var superseded = _byTopic.Remove(topic, out var old);
            if (old is not null)
            {
                _waiting.Remove(old);
            }
            else if (_waiting.Count >= MaxWaiting)
            {
                return Enqueued.Full;
            }

            _byTopic[topic] = _waiting.AddLast(new WaitingMessage(topic, content));
            _signal.Writer.TryWrite(true);
            return superseded ? Enqueued.Superseded : Enqueued.Queued;
        }
    }

    /// <summary>Completes when a message waits.</summary>
    public async ValueTask WaitForMessageAsync(CancellationToken cancellationToken)
    {
        while (Count == 0)
        {
            await _signal.Reader.ReadAsync(cancellationToken);
        }
    }

    /// <summary>Waits for the webhook's next permit. Take the message only once it is granted, so that waiting messages keep merging.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken) => _limiter.AcquireAsync(1, cancellationToken);

    public WaitingMessage? TakeNext()
    {
        lock (_gate)
        {
            var first = _waiting.First;
            if (first is null)
            {
                return null;
            }

            _waiting.RemoveFirst();
            _byTopic.Remove(first.Value.Topic);
            return first.Value;
        }
    }

    /// <summary>
    /// Puts a message the robot turned away back at the front (it was posted before everything still waiting). False, and
    /// nothing changes, when a newer message of its topic already waits: that one supersedes it.
    /// </summary>
    public bool PutBack(WaitingMessage message)
    {
        lock (_gate)
        {
            if (_closed || _byTopic.ContainsKey(message.Topic))
            {
                return false;
            }

            _byTopic[message.Topic] = _waiting.AddFirst(message);
            _signal.Writer.TryWrite(true);
            return true;
        }
    }

    /// <summary>Refuses further messages and drops the waiting ones; returns how many were dropped.</summary>
    public int Close()
    {
        lock (_gate)
        {
            _closed = true;
            var dropped = _waiting.Count;
            _waiting.Clear();
            _byTopic.Clear();
            return dropped;
        }
    }

    public void Dispose() => _limiter.Dispose();
}
