using BranchBot.Adapters.WeChat.Api;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Api;

/// <summary>The outbound client against a local fake WeChat API: shared tokens, compare-and-refresh, retry rules.</summary>
public sealed class WeChatApiClientTests : IAsyncLifetime
{
    private readonly string _prefix = RedisServer.UniquePrefix();
    private readonly List<BotServer> _hosts = [];
    private FakeWeChatApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeWeChatApi.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _api.DisposeAsync();
    }

    private async Task<WeChatApiClient> HostAsync()
    {
        var host = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = RedisServer.Shared.Configuration,
            ["Redis:KeyPrefix"] = _prefix,
            ["WeChat:AppSecret"] = "testsecret",
            ["WeChat:ApiBaseUrl"] = _api.BaseUrl,
            ["WeChat:ApiAttemptTimeout"] = "00:00:01.500",
            ["WeChat:ApiRetryDelay"] = "00:00:00.010",
        });
        _hosts.Add(host);
        return host.Services.GetRequiredService<WeChatApiClient>();
    }

    [Fact]
    public async Task Send_ThreeHostsOnOneRedisAtOnce_FetchOneTokenBetweenThem()
    {
        var clients = await Task.WhenAll(HostAsync(), HostAsync(), HostAsync());
        var results = await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, 5).Select(i => c.SendCustomTextAsync("oMember", "第" + i + "条", default))));

        Assert.All(results, r => Assert.True(r.Ok, r.ErrMsg));
        Assert.Single(_api.CallsTo("stable_token"));
        Assert.Equal(15, _api.CallsTo("message/custom/send").Count);
        Assert.Equal("testsecret", _api.CallsTo("stable_token")[0].Json["secret"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_TokenRotatedElsewhere_ThreeHostsRefreshOnceAndRetry()
    {
        var clients = await Task.WhenAll(HostAsync(), HostAsync(), HostAsync());
        await Task.WhenAll(clients.Select(c => c.SendCustomTextAsync("oMember", "预热", default)));
        _api.RotateToken();

        var results = await Task.WhenAll(clients.Select(c => c.SendCustomTextAsync("oMember", "轮换后", default)));

        Assert.All(results, r => Assert.True(r.Ok, r.ErrMsg));
        Assert.Equal(2, _api.CallsTo("stable_token").Count);
        Assert.All(_api.CallsTo("stable_token"), call => Assert.False(call.Json["force_refresh"]!.GetValue<bool>()));
        Assert.Equal(3, _api.CallsTo("message/custom/send").Count(c => c.Token == _api.CurrentToken));
    }

    [Fact]
    public async Task Send_TokenRejectedButStillHandedOut_ForcesOneRefresh()
    {
        var client = await HostAsync();
        _api.FailNext("message/custom/send", 40001);
        var result = await client.SendCustomTextAsync("oMember", "x", default);

        Assert.True(result.Ok, result.ErrMsg);
        var fetches = _api.CallsTo("stable_token").Select(c => c.Json["force_refresh"]!.GetValue<bool>()).ToArray();
        Assert.Equal([false, false, true], fetches);
        Assert.Equal(_api.CurrentToken, _api.CallsTo("message/custom/send")[^1].Token);
    }

    [Fact]
    public async Task Send_SystemBusy_IsRetriedWithBackoff()
    {
        var client = await HostAsync();
        _api.FailNext("message/custom/send", -1, times: 2);
        var result = await client.SendCustomTextAsync("oMember", "忙", default);
        Assert.True(result.Ok);
        Assert.Equal(3, _api.CallsTo("message/custom/send").Count);
    }

    [Fact]
    public async Task Send_CustomerServiceTimeout_IsNotRepeatedToAvoidDoubleDelivery()
    {
        var client = await HostAsync();
        _api.DelayNext("message/custom/send", TimeSpan.FromSeconds(4));
        var result = await client.SendCustomTextAsync("oMember", "慢", default);
        Assert.Equal(ApiErrorKind.Network, result.Kind);
        Assert.Single(_api.CallsTo("message/custom/send"));
    }

    [Fact]
    public async Task SendTemplate_Timeout_IsRetriedWithTheSameClientMsgId()
    {
        var client = await HostAsync();
        _api.DelayNext("message/template/send", TimeSpan.FromSeconds(4));
        var message = new TemplateMessage("oMember", "TPL", "reminder-42", [new("thing1", "支部党员大会：学习二十大报告"), new("time2", "2026年12月1日 14:30")]);
        var result = await client.SendTemplateAsync(message, default);

        Assert.True(result.Ok);
        Assert.Equal(200228332, result.GetInt64("msgid"));
        var calls = _api.CallsTo("message/template/send");
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal("reminder-42", c.Json["client_msg_id"]!.GetValue<string>()));
        Assert.Equal("2026年12月1日 14:30", calls[0].Json["data"]!["time2"]!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(45015, ApiErrorKind.RecipientUnreachable)]
    [InlineData(45047, ApiErrorKind.RecipientUnreachable)]
    [InlineData(43004, ApiErrorKind.RecipientUnreachable)]
    [InlineData(45009, ApiErrorKind.QuotaExhausted)]
    [InlineData(48001, ApiErrorKind.Permanent)]
    public async Task Send_NonRetryableCode_IsReportedAtOnce(int code, ApiErrorKind kind)
    {
        var client = await HostAsync();
        _api.FailNext("message/custom/send", code);
        var result = await client.SendCustomTextAsync("oMember", "x", default);
        Assert.Equal(kind, result.Kind);
        Assert.Equal(code, result.ErrCode);
        Assert.Single(_api.CallsTo("message/custom/send"));
    }

    [Fact]
    public async Task Send_TokenFetchRefused_ReportsTheErrorAndSendsNothing()
    {
        var client = await HostAsync();
        _api.FailNext("stable_token", 40125);
        var result = await client.SendCustomTextAsync("oMember", "x", default);
        Assert.Equal(40125, result.ErrCode);
        Assert.Empty(_api.CallsTo("message/custom/send"));
    }
}
