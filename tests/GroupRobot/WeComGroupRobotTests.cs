using System.Text;

namespace BranchBot.Tests.GroupRobot;

/// <summary>The WeCom group robot against a local fake robot: payload, retries, the robot's answers and the address check.</summary>
public sealed class WeComGroupRobotTests : IAsyncLifetime
{
    private const string Key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

    private readonly List<GroupRobotTestHost> _hosts = [];
    private FakeGroupRobot _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeGroupRobot.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _fake.DisposeAsync();
    }

    private async Task<GroupRobotTestHost> Host(int messagesPerMinute = 20, TimeSpan? window = null, params (string Key, string? Value)[] settings)
    {
        var host = await GroupRobotTestHost.StartAsync(messagesPerMinute, window, settings.ToDictionary(s => s.Key, s => s.Value));
        _hosts.Add(host);
        return host;
    }

    [Fact]
    public async Task PostMarkdownAsync_ChineseMarkdown_PostsMarkdownPayloadAsRawUtf8()
    {
        var host = await Host();
        const string markdown = "## 知识竞赛 第3轮\n> 第一党支部 **120** 分\n<font color=\"warning\">领先</font>";

        await host.PostAsync(_fake.Webhook(Key), "standings:room-1", markdown);

        var post = Assert.Single(await _fake.WaitForPostsAsync(Key, 1));
        Assert.Equal("application/json; charset=utf-8", post.ContentType);
        var json = post.Json.AsObject();
        Assert.Equal(["msgtype", "markdown"], json.Select(p => p.Key));
        Assert.Equal("markdown", json["msgtype"]!.GetValue<string>());
        Assert.Equal(["content"], json["markdown"]!.AsObject().Select(p => p.Key));
        Assert.Equal(markdown, post.Content);
        Assert.Contains("知识竞赛 第3轮", post.Body);
        Assert.True(post.RawBody.AsSpan().IndexOf(Encoding.UTF8.GetBytes("第一党支部")) >= 0, "Chinese is sent as raw UTF-8");
        Assert.DoesNotContain("\\u", post.Body);
        await WaitForLogAsync(host, "topic standings:room-1: posted");
    }

    [Fact]
    public async Task PostMarkdownAsync_ContentOverTheLimit_CutsAt4096BytesOnACharacterBoundary()
    {
        var host = await Host();
        var markdown = "ab" + new string('党', 2000);

        await host.PostAsync(_fake.Webhook(Key), "report", markdown);

        var post = Assert.Single(await _fake.WaitForPostsAsync(Key, 1));
        Assert.Equal("ab" + new string('党', 1364), post.Content);
        Assert.Equal(4094, Encoding.UTF8.GetByteCount(post.Content));
        Assert.Contains(host.Logs.Lines, l => l.Contains("content of 6002 bytes cut to the robot's 4096"));
    }

    [Fact]
    public async Task PostMarkdownAsync_Http500_RetriesAndPosts()
    {
        var host = await Host();
        _fake.HttpNext(500, "upstream error");

        await host.PostAsync(_fake.Webhook(Key), "standings", "第1名 张三");

        var posts = await _fake.WaitForPostsAsync(Key, 2);
        Assert.Equal(["第1名 张三", "第1名 张三"], posts.Select(p => p.Content));
        await WaitForLogAsync(host, "topic standings: posted");
    }

    [Fact]
    public async Task PostMarkdownAsync_SystemBusy_RetriesAndPosts()
    {
        var host = await Host();
        _fake.ErrcodeNext(-1, "system busy");

        await host.PostAsync(_fake.Webhook(Key), "standings", "第1名 张三");

        Assert.Equal(2, (await _fake.WaitForPostsAsync(Key, 2)).Count);
        await WaitForLogAsync(host, "topic standings: posted");
    }

    [Fact]
    public async Task PostMarkdownAsync_RateLimited45009_WaitsAndPostsLater()
    {
        var window = TimeSpan.FromMilliseconds(600);
        var host = await Host(messagesPerMinute: 3, window: window);
        _fake.ErrcodeNext(45009, "api freq out of limit");

        await host.PostAsync(_fake.Webhook(Key), "standings", "第1名 张三");

        var posts = await _fake.WaitForPostsAsync(Key, 2);
        Assert.Equal(["第1名 张三", "第1名 张三"], posts.Select(p => p.Content));
        Assert.True(posts[1].At - posts[0].At >= window / 3 - TimeSpan.FromMilliseconds(20), $"retried after {(posts[1].At - posts[0].At).TotalMilliseconds} ms");
        await WaitForLogAsync(host, "topic standings: posted");
        Assert.Contains(host.Logs.Lines, l => l.Contains("per-minute limit (45009)"));
    }

    [Fact]
    public async Task PostMarkdownAsync_RateLimitedWhileANewerMessageOfTheTopicWaits_PostsOnlyTheNewer()
    {
        var host = await Host(messagesPerMinute: 3, window: TimeSpan.FromMilliseconds(600));
        _fake.ErrcodeNext(45009, "api freq out of limit", delay: TimeSpan.FromMilliseconds(200));

        await host.PostAsync(_fake.Webhook(Key), "standings", "standings 1");
        await _fake.WaitForPostsAsync(Key, 1);
        await host.PostAsync(_fake.Webhook(Key), "standings", "standings 2");

        var posts = await _fake.WaitForPostsAsync(Key, 2);
        await Task.Delay(700);
        Assert.Equal(["standings 1", "standings 2"], _fake.PostsTo(Key).Select(p => p.Content));
        Assert.Equal(2, posts.Count);
    }

    [Fact]
    public async Task PostMarkdownAsync_AttemptTimesOut_IsNotRetried()
    {
        var host = await Host(settings: ("GroupRobot:AttemptTimeout", "00:00:00.300"));
        _fake.DelayNext(TimeSpan.FromSeconds(3));

        await host.PostAsync(_fake.Webhook(Key), "slow", "第一条");
        await WaitForLogAsync(host, "topic slow: not posted, Timeout");
        await host.PostAsync(_fake.Webhook(Key), "next", "第二条");
        await WaitForLogAsync(host, "topic next: posted");
        await Task.Delay(300);

        Assert.Equal(["第一条", "第二条"], _fake.PostsTo(Key).Select(p => p.Content));
    }

    [Fact]
    public async Task PostMarkdownAsync_OtherErrcode_IsLoggedAndDroppedWithoutRetry()
    {
        var host = await Host();
        _fake.ErrcodeNext(93000, "invalid webhook url");

        await host.PostAsync(_fake.Webhook(Key), "first", "第一条");
        await WaitForLogAsync(host, "topic first: not posted, 93000 invalid webhook url");
        await host.PostAsync(_fake.Webhook(Key), "second", "第二条");
        await WaitForLogAsync(host, "topic second: posted");

        Assert.Equal(["第一条", "第二条"], _fake.PostsTo(Key).Select(p => p.Content));
    }

    [Fact]
    public async Task PostMarkdownAsync_AddressNotAllowed_MakesNoCallAndLogsWithoutTheKey()
    {
        var host = await Host();
        var port = new Uri(_fake.BaseUrl).Port;
        string[] refused =
        [
            "https://evil.example.com/cgi-bin/webhook/send?key=" + Key,
            $"http://localhost:{port}{FakeGroupRobot.Path}?key={Key}",
            "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + Key,
            $"ftp://127.0.0.1:{port}{FakeGroupRobot.Path}?key={Key}",
            $"http://user:pass@127.0.0.1:{port}{FakeGroupRobot.Path}?key={Key}",
            "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + Key,
        ];

        foreach (var url in refused)
        {
            await host.PostAsync(url, "standings", "第1名 张三");
        }

        await host.PostAsync(_fake.Webhook("allowed"), "standings", "第1名 张三");
        await _fake.WaitForPostsAsync("allowed", 1);
        await Task.Delay(100);

        Assert.Single(_fake.Posts);
        var lines = host.Logs.Lines;
        Assert.Equal(refused.Length, lines.Count(l => l.Contains("not queued, the address is refused")));
        Assert.Contains(lines, l => l.Contains("host evil.example.com is not in GroupRobot:AllowedHosts"));
        Assert.Contains(lines, l => l.Contains("host localhost is not in GroupRobot:AllowedHosts"));
        Assert.Contains(lines, l => l.Contains("qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…") && l.Contains("plain http"));
        Assert.DoesNotContain(lines, l => l.Contains(Key) || l.Contains("张三"));
    }

    [Fact]
    public async Task PostMarkdownAsync_LoopbackNotInAllowedHosts_MakesNoCall()
    {
        var host = await GroupRobotTestHost.StartAsync(settings: new Dictionary<string, string?> { ["GroupRobot:AllowedHosts:0"] = "qyapi.weixin.qq.com" });
        _hosts.Add(host);

        await host.PostAsync(_fake.Webhook(Key), "standings", "第1名 张三");
        await Task.Delay(200);

        Assert.Empty(_fake.Posts);
        Assert.Contains(host.Logs.Lines, l => l.Contains("host 127.0.0.1 is not in GroupRobot:AllowedHosts"));
    }

    [Fact]
    public async Task PostMarkdownAsync_EmptyMarkdown_MakesNoCall()
    {
        var host = await Host();

        await host.PostAsync(_fake.Webhook(Key), "standings", "  \n ");
        await Task.Delay(100);

        Assert.Empty(_fake.Posts);
        Assert.Contains(host.Logs.Lines, l => l.Contains("not queued, the message is empty"));
    }

    [Fact]
    public async Task PostMarkdownAsync_CancelledToken_Throws()
    {
        var host = await Host();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Robot.PostMarkdownAsync(_fake.Webhook(Key), "standings", "第1名", new CancellationToken(true)));
    }

    [Fact]
    public async Task StopAsync_MessagesWaiting_StopsPromptlyAndLogsTheDropped()
    {
        var host = await Host(messagesPerMinute: 1, window: TimeSpan.FromSeconds(30));
        await host.PostAsync(_fake.Webhook(Key), "a", "第一条");
        await _fake.WaitForPostsAsync(Key, 1);
        await host.PostAsync(_fake.Webhook(Key), "b", "第二条");
        await host.PostAsync(_fake.Webhook(Key), "c", "第三条");

        var stop = host.StopAsync();
        var finished = await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(3)));
        await host.PostAsync(_fake.Webhook(Key), "d", "第四条");

        Assert.Same(stop, finished);
        await stop;
        Assert.Single(_fake.Posts);
        Assert.Contains(host.Logs.Lines, l => l.Contains("stopped with 2 messages still waiting"));
        Assert.Contains(host.Logs.Lines, l => l.Contains("topic d: not queued, the sender has stopped"));
        Assert.DoesNotContain(host.Logs.Lines, l => l.StartsWith("Error"));
    }

    private static async Task WaitForLogAsync(GroupRobotTestHost host, string text)
    {
        for (var i = 0; i < 500 && !host.Logs.Lines.Any(l => l.Contains(text)); i++)
        {
            await Task.Delay(10);
        }

        Assert.Contains(host.Logs.Lines, l => l.Contains(text));
    }
}
