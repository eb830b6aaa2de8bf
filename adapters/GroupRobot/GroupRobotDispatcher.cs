using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>
/// Sends what waits in the <see cref="WebhookQueues"/>: one loop per webhook, which waits for a message, then for the
/// webhook's permit, then takes the oldest waiting message (by then the newest of its topic) and posts it. A message the
/// robot turns away with 45009 goes back to the front and the webhook pauses (doubling, at most one window); after
/// <see cref="MaxRateLimitedRounds"/> such answers it is dropped. On stop, loops end and waiting messages are dropped (logged).
/// </summary>
internal sealed class GroupRobotDispatcher(
    WebhookQueues queues, WebhookClient client, IOptions<GroupRobotOptions> options, TimeProvider time, ILogger<GroupRobotDispatcher> logger)
    : BackgroundService
{
    internal const int MaxRateLimitedRounds = 8;

    private static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        try
        {
            await foreach (var queue in queues.Created.ReadAllAsync(stoppingToken))
            {
                loops.Add(RunAsync(queue, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            var dropped = queues.Close();
            await Task.WhenAll(loops);
            if (dropped > 0)
            {
                Log.DroppedAtStop(logger, dropped);
            }
        }
    }

    /// <summary>The pause after the <paramref name="round"/>-th 45009 in a row: window/limit, doubling, at most one window.</summary>
    internal static TimeSpan RateLimitedPause(GroupRobotOptions o, int round)
    {
        var first = o.Window / o.MessagesPerMinute;
        var pause = first * Math.Pow(2, Math.Min(round - 1, 16));
        return pause < o.Window ? pause : o.Window;
    }

    private async Task RunAsync(WebhookQueue queue, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await WaitOrEvictAsync(queue, stoppingToken))
                {
                    Log.Evicted(logger, queue.Name);
                    queue.Dispose();
                    return;
                }

                using var lease = await queue.AcquireAsync(stoppingToken);
                if (!lease.IsAcquired)
                {
                    // Only this loop asks the webhook's limiter, so its one queue slot is always free.
                    throw new InvalidOperationException("the webhook's rate limiter refused a permit");
                }

                if (queue.TakeNext() is { } message)
                {
                    await PostAsync(queue, message, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.LoopFailed(logger, queue.Name, e);
                try
                {
                    await Task.Delay(FailureBackoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>True when a message waits; false when the queue stayed idle for its lifetime and was dropped.</summary>
    private async Task<bool> WaitOrEvictAsync(WebhookQueue queue, CancellationToken stoppingToken)
    {
        while (true)
        {
            using var idle = new CancellationTokenSource(options.Value.IdleQueueLifetime, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, idle.Token);
            try
            {
                await queue.WaitForMessageAsync(linked.Token);
                return true;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                if (queues.TryEvict(queue))
                {
                    return false;
                }
            }
        }
    }

    private async Task PostAsync(WebhookQueue queue, WaitingMessage message, CancellationToken stoppingToken)
    {
        var outcome = await client.PostAsync(queue.Address, message.Content, stoppingToken);
        switch (outcome.Outcome)
        {
            case RobotOutcome.Posted:
                Log.Posted(logger, queue.Name, message.Topic);
                return;
            case RobotOutcome.RateLimited:
                var round = message.RateLimitedRounds + 1;
                if (round >= MaxRateLimitedRounds)
                {
                    Log.NotPosted(logger, queue.Name, message.Topic, outcome.Code, $"turned away {round} times by the robot's per-minute limit; dropped");
                }
                else if (!queue.PutBack(message with { RateLimitedRounds = round }))
                {
                    Log.SupersededAfterRateLimit(logger, queue.Name, message.Topic);
                }

                var pause = RateLimitedPause(options.Value, round);
                Log.RateLimited(logger, queue.Name, message.Topic, pause);
                await Task.Delay(pause, time, stoppingToken);
                return;
            default:
                Log.NotPosted(logger, queue.Name, message.Topic, outcome.Code, outcome.Error);
                return;
        }
    }
}
