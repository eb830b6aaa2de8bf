namespace BranchBot.Tests.GroupRobot;

/// <summary>Throttling per webhook and merging by topic, with a limit of 3 over a shortened window.</summary>
public sealed class GroupRobotThrottleTests : IAsyncLifetime
{
    private const int Limit = 3;

    /// <summary>
    /// Arrival times at the fake lag the moments permits were taken by the network and scheduling (more so while other
    /// tests run in parallel); a post delayed on its way shortens the measured gap to the posts after it.
    /// </summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(300);

    private FakeGroupRobot _fake = null!;
    private GroupRobotTestHost? _host;

    public async Task InitializeAsync() => _fake = await FakeGroupRobot.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _fake.DisposeAsync();
    }

    /// <summary>A host whose first post has gone out (JIT, connection), so timings measure the throttle only.</summary>
    private async Task<GroupRobotTestHost> WarmHost(TimeSpan window)
    {
        _host = await GroupRobotTestHost.StartAsync(Limit, window);
        await _host.PostAsync(_fake.Webhook("warm-up"), "warm-up", "预热");
        await _fake.WaitForPostsAsync("warm-up", 1);
        return _host;
    }

    [Fact]
    public async Task PostMarkdownAsync_MoreThanTheLimit_PostsAtMostTheLimitPerWindowPerWebhook()
    {
        var window = TimeSpan.FromSeconds(1);
        var host = await WarmHost(window);
        var messages = Enumerable.Range(1, 2 * Limit).Select(i => $"第{i}条通知").ToArray();

        for (var i = 0; i < messages.Length; i++)
        {
            await host.PostAsync(_fake.Webhook("busy"), $"notice-{i + 1}", messages[i]);
        }

        for (var i = 0; i < Limit; i++)
        {
            await host.PostAsync(_fake.Webhook("quiet"), $"notice-{i + 1}", messages[i]);
        }

        var busy = await _fake.WaitForPostsAsync("busy", messages.Length);
        var quiet = await _fake.WaitForPostsAsync("quiet", Limit);

        Assert.Equal(messages, busy.Select(p => p.Content));
        for (var i = 0; i + Limit < busy.Count; i++)
        {
            var span = busy[i + Limit].At - busy[i].At;
            Assert.True(span >= window - Slack, $"posts {i + 1} and {i + 1 + Limit} arrived {span.TotalMilliseconds:0} ms apart, within one window");
        }

        Assert.Equal(messages.Take(Limit), quiet.Select(p => p.Content));
        Assert.True(quiet[^1].At < busy[Limit].At, "the quiet webhook does not wait for the busy one's window");
    }

    [Fact]
    public async Task PostMarkdownAsync_LimitReached_PostsOnlyTheNewestOfATopicAndOtherTopicsInOrder()
    {
        var window = TimeSpan.FromSeconds(1);
        var host = await WarmHost(window);
        var webhook = _fake.Webhook("contest");
        for (var i = 1; i <= Limit; i++)
        {
            await host.PostAsync(webhook, $"fill-{i}", $"填充{i}");
        }

        var filled = await _fake.WaitForPostsAsync("contest", Limit);
        await host.PostAsync(webhook, "standings", "standings 1");
        await host.PostAsync(webhook, "notice-a", "通知 A");
        await host.PostAsync(webhook, "standings", "standings 2");
        await host.PostAsync(webhook, "notice-b", "通知 B");
        await host.PostAsync(webhook, "standings", "standings 3");

        var posts = await _fake.WaitForPostsAsync("contest", Limit + 3, TimeSpan.FromSeconds(5));
        await Task.Delay(window + Slack);

        posts = _fake.PostsTo("contest");
        Assert.Equal(["填充1", "填充2", "填充3", "通知 A", "通知 B", "standings 3"], posts.Select(p => p.Content));
        Assert.True(posts[Limit].At - filled[0].At >= window - Slack, "the merged messages waited for the window");
        Assert.Equal(2, host.Logs.Lines.Count(l => l.Contains("topic standings: queued, replacing the waiting message")));
    }

    [Fact]
    public async Task PostMarkdownAsync_ATopicPostedOverSeveralWindows_PostsItsMessagesInOrder()
    {
        var window = TimeSpan.FromMilliseconds(300);
        var host = await WarmHost(window);
        var webhook = _fake.Webhook("rounds");

        for (var round = 1; round <= 5; round++)
        {
            await host.PostAsync(webhook, "standings", $"第{round}轮排名");
            await _fake.WaitForPostsAsync("rounds", round);
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(r => $"第{r}轮排名"), _fake.PostsTo("rounds").Select(p => p.Content));
    }
}
