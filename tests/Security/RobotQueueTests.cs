using BranchBot.Adapters.GroupRobot;
using BranchBot.Tests.GroupRobot;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Security;

/// <summary>Robot queues: one per robot key, and an idle one is dropped, so addresses sent by chat cannot pile up queues.</summary>
public sealed class RobotQueueTests
{
    private const string Key = "5b1c2d3e-robot-key-queue-test";

    [Fact]
    public async Task Queue_IdleForItsLifetime_IsDropped_AndTheNextMessageStillGoesOut()
    {
        await using var fake = await FakeGroupRobot.StartAsync();
        var clock = new TimerClock();
        await using var host = await GroupRobotTestHost.StartAsync(clock: clock);
        var queues = host.Services.GetRequiredService<WebhookQueues>();

        // Two spellings of one robot's address share one queue.
        await host.PostAsync(fake.Webhook(Key), "t1", "第一条");
        await host.PostAsync(fake.Webhook(Key) + "&debug=1", "t2", "第二条");
        await fake.WaitForPostsAsync(Key, 2);
        Assert.Equal(1, queues.Count);

        for (var i = 0; i < 100 && queues.Count > 0; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.Equal(0, queues.Count);
        await host.PostAsync(fake.Webhook(Key), "t3", "第三条");
        Assert.Equal(3, (await fake.WaitForPostsAsync(Key, 3)).Count);
    }

    /// <summary>A clock moved by hand whose timers fire when it passes their time (the idle check is a timer).</summary>
    private sealed class TimerClock : TimeProvider
    {
        private readonly Lock _gate = new();
        private readonly List<Timer> _timers = [];
        private DateTimeOffset _now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow()
        {
            lock (_gate)
            {
                return _now;
            }
        }

        public void Advance(TimeSpan by)
        {
            List<Timer> due;
            lock (_gate)
            {
                _now += by;
                due = _timers.Where(t => t.Due <= _now).ToList();
                _timers.RemoveAll(due.Contains);
            }

            foreach (var timer in due)
            {
                timer.Fire();
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new Timer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        private sealed class Timer(TimerClock clock, TimerCallback callback, object? state) : ITimer
        {
            public DateTimeOffset Due { get; private set; }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                lock (clock._gate)
                {
                    clock._timers.Remove(this);
                    if (dueTime != Timeout.InfiniteTimeSpan)
                    {
                        Due = clock._now + dueTime;
                        clock._timers.Add(this);
                    }
                }

                return true;
            }

            public void Fire() => callback(state);

            public void Dispose()
            {
                lock (clock._gate)
                {
                    clock._timers.Remove(this);
                }
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
