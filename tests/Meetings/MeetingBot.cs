using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Study;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Meetings;

/// <summary>An SMS provider stand-in that records what it was asked to send and can be told to fail.</summary>
public sealed class RecordingSms : ISmsSender
{
    public ConcurrentQueue<SmsMessage> Sent { get; } = new();

    public Func<SmsMessage, SmsResult>? Answer { get; set; }

    public string Provider => "test";

    public Task<SmsResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue(message);
        return Task.FromResult(Answer?.Invoke(message) ?? SmsResult.Ok("sms-" + Sent.Count));
    }
}

/// <summary>
/// A bot on real Redis with a manual clock, a fake WeChat API (template messages on), a recording SMS provider and
/// the test roster: 王书记 (secretary) and 赵一 bound to WeChat, 钱二 not bound (SMS only).
/// </summary>
public sealed class MeetingBot : IAsyncDisposable
{
    public const string OrgKey = "org-admin-key-0123456789abcdef-ghij";
    public const string Branch2Key = "branch2-key-0123456789abcdef-ghijkl";

    private MeetingBot(BotServer bot, FakeWeChatApi api, RecordingSms sms, ManualClock clock, string prefix)
    {
        Bot = bot;
        Api = api;
        Sms = sms;
        Clock = clock;
        Prefix = prefix;
    }

    public BotServer Bot { get; }

    public FakeWeChatApi Api { get; }

    public RecordingSms Sms { get; }

    public ManualClock Clock { get; }

    public string Prefix { get; }

    public T Get<T>() where T : notnull => Bot.Services.GetRequiredService<T>();

    public static async Task<MeetingBot> StartAsync(IDictionary<string, string?>? settings = null, string? prefix = null, ManualClock? clock = null, Action<IServiceCollection>? configure = null, string roster = StudyBot.Roster)
    {
        prefix ??= RedisServer.UniquePrefix();
        clock ??= new ManualClock(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var api = await FakeWeChatApi.StartAsync();
        var sms = new RecordingSms();
        var branch2 = RosterPlan.Build(RosterParser.Parse(Encoding.UTF8.GetBytes(StudyBot.Roster)).Rows).Units.Single(u => u.Name == "测试第二支部").Id;
        var all = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = RedisServer.Shared.Configuration,
            ["Redis:KeyPrefix"] = prefix,
            ["SampleData:Enabled"] = "false",
            ["WeChat:AppSecret"] = "testsecret",
            ["WeChat:ApiBaseUrl"] = api.BaseUrl,
            ["WeChat:ApiRetryDelay"] = "00:00:00.010",
            ["WeChat:TimestampWindow"] = "01:00:00",
            ["Reminders:TemplateId"] = "TPL_MEETING",
            ["Reminders:RunWorkers"] = "false",
            ["Photos:RunWorker"] = "false",
            ["Photos:Folder"] = PhotoFolder(prefix),
            ["Reminders:RetryBackoff"] = "00:00:01",
            ["Admin:ApiKeys:0:Name"] = "org",
            ["Admin:ApiKeys:0:Key"] = OrgKey,
            ["Admin:ApiKeys:1:Name"] = "branch2",
            ["Admin:ApiKeys:1:Key"] = Branch2Key,
            ["Admin:ApiKeys:1:BranchId"] = branch2,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var bot = await BotServer.StartAsync(all, s =>
        {
            s.AddSingleton<ISmsSender>(sms);
            configure?.Invoke(s);
        }, clock);
        var members = bot.Services.GetRequiredService<IMemberStore>();
        if ((await members.ListUnitsAsync(default)).Count == 0)
        {
            await members.ImportAsync(RosterPlan.Build(RosterParser.Parse(Encoding.UTF8.GetBytes(roster)).Rows), default);
            await members.BindOpenIdAsync(MemberId("13800000001"), "oWang", default);
            await members.BindOpenIdAsync(MemberId("13800000002"), "oZhaoYi", default);
        }

        return new MeetingBot(bot, api, sms, clock, prefix);
    }

    /// <summary>A photo archive folder of this bot's own (bots sharing a key prefix share it, as instances must).</summary>
    public static string PhotoFolder(string prefix) => Path.Combine(Path.GetTempPath(), "branchbot-photos", prefix.Trim(':', '{', '}'));

    public static string MemberId(string phone) =>
        RosterPlan.Build([new RosterRow(2, "x", phone, ["测试党委", "测试第一支部"], null, MemberStatus.Full, MemberRole.Member)]).Members[0].Id;

    public async Task<string> BranchIdAsync(string name) =>
        (await Get<IMemberStore>().ListUnitsAsync(default)).Single(u => u.Name == name).Id;

    public Task<string?> SayAsync(string openId, string text) => Bot.SayAsync(openId, text);

    /// <summary>A meeting of 测试第一支部 starting <paramref name="after"/> from now (by the manual clock).</summary>
    public async Task<Meeting> ScheduleAsync(TimeSpan after, MeetingType type = MeetingType.PartyCongress, GeoFence? fence = null)
    {
        var draft = new MeetingDraft(await BranchIdAsync("测试第一支部"), type, Clock.GetUtcNow() + after, "三楼会议室", Fence: fence);
        var result = await Get<MeetingScheduler>().CreateAsync(draft, "test", default);
        Assert.True(result.Meeting is not null, result.Error);
        return result.Meeting!;
    }

    public Task<int> DispatchAsync() => Get<ReminderDispatcher>().DispatchDueAsync(default);

    public HttpRequestMessage AdminRequest(HttpMethod method, string path, string? key = OrgKey, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public IReadOnlyList<RecordedCall> Templates => Api.CallsTo("message/template/send");

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Api.DisposeAsync();
    }
}
