using System.Net;
using BranchBot.Core.Conversations;
using BranchBot.Core.Inbox;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Webhook;

/// <summary>WeChat's 5-second deadline, its retries, and concurrent pushes, against real Redis and a fake WeChat API.</summary>
public sealed class DeliveryTests : IAsyncLifetime
{
    private FakeWeChatApi _api = null!;
    private BotServer _bot = null!;
    private readonly string _prefix = RedisServer.UniquePrefix();

    public async Task InitializeAsync()
    {
        _api = await FakeWeChatApi.StartAsync();
        _bot = await BotServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Redis:Configuration"] = RedisServer.Shared.Configuration,
                ["Redis:KeyPrefix"] = _prefix,
                ["WeChat:AppSecret"] = "testsecret",
                ["WeChat:ApiBaseUrl"] = _api.BaseUrl,
                ["Conversation:ReplyBudget"] = "00:00:00.300",
            },
            services =>
            {
                services.AddSingleton<IConversationFeature>(new SlowFeature(TimeSpan.FromSeconds(1.5)));
                services.AddSingleton<IConversationFeature, CounterFeature>();
            });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Post_HandlerSlowerThanBudget_AnswersSuccessThenSendsCustomerServiceMessage()
    {
        using var response = await _bot.PostAsync(_bot.TextXml("oSlowUser", "慢"), "oSlowUser", encrypt: true);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());

        var sent = await WaitForAsync(() => _api.CallsTo("message/custom/send"), 1);
        Assert.Equal("oSlowUser", sent[0].Json["touser"]!.GetValue<string>());
        Assert.Equal(SlowFeature.Answer, sent[0].Json["text"]!["content"]!.GetValue<string>());
        Assert.Contains("\"慢慢来", sent[0].Body);
        Assert.Equal(_api.CurrentToken, sent[0].Token);
    }

    [Fact]
    public async Task Post_RetryWhileFirstStillRuns_AnswersSuccessAndTheReplyGoesOutOnce()
    {
        var xml = _bot.TextXml("oRetryRunner", "慢");
        var first = _bot.PostAsync(xml, "oRetryRunner");
        await Task.Delay(100);
        using var retry = await _bot.PostAsync(xml, "oRetryRunner");
        Assert.Equal("success", await retry.Content.ReadAsStringAsync());
        using var firstResponse = await first;
        Assert.Equal("success", await firstResponse.Content.ReadAsStringAsync());

        await WaitForAsync(() => _api.CallsTo("message/custom/send"), 1);
        await Task.Delay(500);
        Assert.Single(_api.CallsTo("message/custom/send"));

        // A retry after completion gets the stored answer, not a second run.
        using var late = await _bot.PostAsync(xml, "oRetryRunner");
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Single(_api.CallsTo("message/custom/send"));
    }

    [Fact]
    public async Task Post_ConcurrentPushesOfOneMember_LoseNoSessionUpdate()
    {
        const int count = 40;
        var replies = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => _bot.SayAsync("oBusyMember", "计数")));

        // Each count is answered once: passively, or (if it queued past the reply budget) by customer-service message.
        // A deferred count is still being processed when its push is answered, so the session is read after the last send.
        var deferred = count - replies.Count(r => r is not null);
        var pushed = deferred == 0 ? [] : await WaitForAsync(() => _api.CallsTo("message/custom/send"), deferred);
        var all = replies.OfType<string>().Concat(pushed.Select(c => c.Json["text"]!["content"]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(1, count).Select(i => "计数 " + i).Order(), all.Order());

        var session = await _bot.Services.GetRequiredService<IConversationStore>().LoadSessionAsync("oBusyMember", default);
        Assert.Equal(count.ToString(), CounterFeature.CountIn(session.Session));
    }

    private static async Task<IReadOnlyList<RecordedCall>> WaitForAsync(Func<IReadOnlyList<RecordedCall>> calls, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (calls().Count < atLeast && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(calls().Count >= atLeast, $"expected {atLeast} calls, saw {calls().Count}");
        return calls();
    }
}

public sealed class RedisOutageTests
{
    [Fact]
    public async Task Post_RedisUnreachable_AnswersThatTheServiceIsBusyAndHealthIsUnhealthy()
    {
        var logs = new CapturingLoggerProvider();
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200",
            ["Redis:OperationTimeout"] = "00:00:00.200",
        }, services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));

        using var push = await bot.PostAsync(bot.TextXml("oOutage", "帮助"), "oOutage");
        Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        var reply = await push.Content.ReadAsStringAsync();
        Assert.Contains("系统繁忙", reply);
        Assert.Contains("<ToUserName><![CDATA[oOutage]]></ToUserName>", reply);

        using var health = await bot.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("unhealthy", await health.Content.ReadAsStringAsync());

        // The log says why, with the store's exception.
        var entry = Assert.Single(logs.Entries, e => e.Message.Contains("could not be reached", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, entry.Level);
        Assert.IsType<BranchBot.Core.Storage.StoreUnavailableException>(entry.Exception);
    }
}
