using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>One <see cref="WebhookQueue"/> per webhook address, created on first use and announced to the dispatcher.</summary>
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
        }

        return (queue, queue.Enqueue(topic, content));
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
