using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>
/// One <see cref="WebhookQueue"/> per webhook address (one robot key: addresses are rebuilt from the key), created on
/// first use and announced to the dispatcher, and dropped again once idle (<see cref="TryEvict"/>).
/// </summary>
internal sealed class WebhookQueues(IOptions<GroupRobotOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WebhookQueue> _queues = new(StringComparer.Ordinal);
    private readonly Channel<WebhookQueue> _created = Channel.CreateUnbounded<WebhookQueue>(new UnboundedChannelOptions { SingleReader = true });
    private bool _closed;

    /// <summary>Queues in the order they were created; the dispatcher starts a loop for each.</summary>
    public ChannelReader<WebhookQueue> Created => _created.Reader;

    public (WebhookQueue? Queue, Enqueued Result) Enqueue(Uri address, string topic, string content)
    {
        WebhookQueue? queue;
        lock (_gate)
        {
            if (_closed)
            {
                return (null, Enqueued.Closed);
            }

            if (!_queues.TryGetValue(address.AbsoluteUri, out queue))
            {
                var o = options.Value;
                queue = new WebhookQueue(address, o.MessagesPerMinute, o.Window);
                _queues.Add(address.AbsoluteUri, queue);
                _created.Writer.TryWrite(queue);
            }

            // Under the same lock as eviction, so a message never lands in a queue that is being dropped.
            return (queue, queue.Enqueue(topic, content));
        }
    }

    /// <summary>How many webhook queues exist now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queues.Count;
            }
        }
    }

    /// <summary>Drops <paramref name="queue"/> if nothing waits in it; true if dropped (its loop then ends).</summary>
    public bool TryEvict(WebhookQueue queue)
    {
        lock (_gate)
        {
            if (_closed || queue.Count > 0)
            {
                return false;
            }

            if (_queues.TryGetValue(queue.Address.AbsoluteUri, out var current) && ReferenceEquals(current, queue))
            {
                _queues.Remove(queue.Address.AbsoluteUri);
            }

            queue.Close();
            return true;
        }
    }

    /// <summary>Refuses further messages; returns how many waiting messages were dropped.</summary>
    public int Close()
    {
        lock (_gate)
        {
            _closed = true;
            _created.Writer.TryComplete();
            return _queues.Values.Sum(q => q.Close());
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var queue in _queues.Values)
            {
                queue.Dispose();
            }
        }
    }
}
