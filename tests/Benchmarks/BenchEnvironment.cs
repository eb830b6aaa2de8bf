using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Sms.Aliyun;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Benchmarks;

/// <summary>
/// A private redis-server, the fake WeChat API and the fake Aliyun SMS API on loopback, a manual clock, and real bot
/// hosts (BotApp.Build on Kestrel) sharing one Redis key prefix, as several production instances would.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    /// <summary>Monday 2026-11-23 10:00 in Beijing: far from quiet hours, so reminders go when planned.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private readonly RedisServer? _redis;

    private BenchEnvironment(RedisServer? redis, string redisConfiguration, FakeWeChatApi api, FakeAliyunSms sms, ManualClock clock, string prefix)
    {
        _redis = redis;
        RedisConfiguration = redisConfiguration;
        Api = api;
        Sms = sms;
        Clock = clock;
        Prefix = prefix;
    }

    /// <summary>The private redis-server (not there when the environment runs on a cluster).</summary>
    public RedisServer Redis => _redis ?? throw new InvalidOperationException("this environment runs on a Redis Cluster");

    public string RedisConfiguration { get; }

    public FakeWeChatApi Api { get; }

    public FakeAliyunSms Sms { get; }

    public ManualClock Clock { get; }

    public string Prefix { get; }

    public List<BotServer> Hosts { get; } = [];

    public static async Task<BenchEnvironment> StartAsync()
    {
        var redis = RedisServer.Start();
        var api = await FakeWeChatApi.StartAsync();
        var sms = await FakeAliyunSms.StartAsync();
        return new BenchEnvironment(redis, redis.Configuration, api, sms, new ManualClock(Start), "bench:");
    }

    /// <summary>The same on a Redis the caller runs (the cluster benchmark's three masters).</summary>
    public static async Task<BenchEnvironment> StartAsync(string redisConfiguration)
    {
        var api = await FakeWeChatApi.StartAsync();
        var sms = await FakeAliyunSms.StartAsync();
        return new BenchEnvironment(null, redisConfiguration, api, sms, new ManualClock(Start), "bench:");
    }

    /// <summary>Starts one more bot instance on the shared Redis prefix.</summary>
    public async Task<BotServer> AddHostAsync(IDictionary<string, string?>? extra = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = RedisConfiguration,
            ["Redis:KeyPrefix"] = Prefix,
            ["SampleData:Enabled"] = "false",
            ["WeChat:AppSecret"] = "benchsecret",
            ["WeChat:ApiBaseUrl"] = Api.BaseUrl,
            ["WeChat:TimestampWindow"] = "01:00:00",

            // The benchmarks measure the bot's own overhead, not WeChat's per-account API quota (200/s by default).
            ["WeChat:ApiRatePerSecond"] = "10000",
            ["Reminders:TemplateId"] = "TPL_MEETING",
            ["Reminders:RunWorkers"] = "false",
            ["Sms:Provider"] = "aliyun",
            ["Sms:SignName"] = "基准测试",
            ["Sms:Templates:MeetingReminder"] = "SMS_000000001",
            ["Sms:Aliyun:AccessKeyId"] = FakeAliyunSms.AccessKeyId,
            ["Sms:Aliyun:AccessKeySecret"] = FakeAliyunSms.AccessKeySecret,
            ["Sms:Aliyun:Endpoint"] = Sms.Endpoint,
            // The highest rate the options allow, so the provider's token bucket is not what is measured.
            ["Sms:RatePerSecond"] = "1000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = await BotServer.StartAsync(settings, configure, Clock);
        Hosts.Add(host);
        return host;
    }

    public static T Get<T>(BotServer host) where T : notnull => host.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        await Api.DisposeAsync();
        await Sms.DisposeAsync();
        _redis?.Dispose();
    }
}
