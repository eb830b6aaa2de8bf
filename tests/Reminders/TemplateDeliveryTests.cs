using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Adapters.Sms.Aliyun;
using BranchBot.Adapters.Sms.Tencent;
using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Sms.Aliyun;
using BranchBot.Tests.Sms.Tencent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Reminders;

/// <summary>
/// Reminders through fakes that refuse what WeChat and the SMS providers refuse: the shipped settings get template
/// messages accepted, SMS parameters fit the provider's limits, and a refusal our settings cause is shown once.
/// </summary>
public sealed class TemplateDeliveryTests
{
    private const string LongTitle = "关于学习贯彻党的二十届四中全会精神的专题组织生活会";
    private const string LongPlace = "市政府机关办公大楼三号楼四层第一会议室（东侧电梯上楼）";

    [Fact]
    public async Task SampleSettings_LongTitleAndPlace_GoAsTemplateMessagesWithoutSmsFallback()
    {
        await using var aliyun = await FakeAliyunSms.StartAsync();
        var settings = SampleSection("Reminders");
        foreach (var (key, value) in SampleSection("Sms"))
        {
            settings[key] = value;
        }

        settings["Reminders:TemplateId"] = "TPL_MEETING";
        settings["Reminders:RunWorkers"] = "false";
        settings["Sms:Provider"] = "aliyun";
        settings["Sms:SignName"] = "测试机关工委";
        settings["Sms:Aliyun:AccessKeyId"] = FakeAliyunSms.AccessKeyId;
        settings["Sms:Aliyun:AccessKeySecret"] = FakeAliyunSms.AccessKeySecret;
        settings["Sms:Aliyun:Endpoint"] = aliyun.Endpoint;
        await using var bot = await MeetingBot.StartAsync(settings, configure: s => s.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<AliyunSmsSender>()));
        var meeting = await ScheduleAsync(bot, LongTitle, LongPlace);

        bot.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(4, await bot.DispatchAsync());

        var outcomes = await bot.Get<IReminderQueue>().ListOutcomesAsync(meeting.Id, default);
        Assert.Equal(4, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Sent, o.Status));
        Assert.Equal(2, outcomes.Count(o => o.Channel == DeliveryChannel.Template));
        Assert.DoesNotContain(outcomes, o => o.Detail.Contains("改发短信", StringComparison.Ordinal));

        var data = bot.Templates[0].Json["data"]!;
        Assert.StartsWith("关于学习贯彻党的二十届四中全会精神", data["thing1"]!["value"]!.GetValue<string>());
        Assert.Equal(20, data["thing1"]!["value"]!.GetValue<string>().Length);
        Assert.Matches(@"^2026年11月2\d日 \d\d:\d\d$", data["time2"]!["value"]!.GetValue<string>());
        Assert.Equal("会议提醒", data["thing4"]!["value"]!.GetValue<string>());

        // The two members without WeChat got an SMS, each parameter within Aliyun's 35 characters and accepted.
        Assert.Equal(2, aliyun.Calls.Count);
        var parameters = JsonNode.Parse(aliyun.Calls[0]["TemplateParam"])!.AsObject();
        Assert.Equal(["name", "title", "time", "place"], parameters.Select(p => p.Key));
        Assert.All(parameters, p => Assert.InRange(p.Value!.GetValue<string>().Length, 1, 35));
        Assert.Equal("SMS_000000001", aliyun.Calls[0]["TemplateCode"]);
        Assert.Empty(await bot.Get<IDeliveryProblems>().ListProblemsAsync(default));
    }

    [Fact]
    public async Task Template47003_IsOneProblemNamingTheFieldAndMembersStillGetSms()
    {
        await using var bot = await MeetingBot.StartAsync();
        await ScheduleAsync(bot, "支部党员大会", "三楼会议室");
        bot.Api.FailNext("message/template/send", 47003, times: 2, errMsg: "argument invalid! data.time2.value invalid rid: 6a1b");

        bot.Clock.Advance(TimeSpan.FromDays(1));
        await bot.DispatchAsync();

        Assert.Equal(4, bot.Sms.Sent.Count);
        var problem = Assert.Single(await bot.Get<IDeliveryProblems>().ListProblemsAsync(default));
        Assert.Equal("Reminders:TemplateFields:time2", problem.Setting);
        Assert.Equal(2, problem.Count);
        Assert.Equal(DeliveryChannel.Template, problem.Channel);

        using var asAdmin = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, "/api/deliveries/problems"));
        var row = Assert.Single(JsonNode.Parse(await asAdmin.Content.ReadAsStringAsync())!.AsArray())!;
        Assert.Equal("Reminders:TemplateFields:time2", row["setting"]!.GetValue<string>());
        Assert.Contains("模板字段", row["message"]!.GetValue<string>());

        // A branch's secretary sees that notices are affected, not the settings, and cannot dismiss it.
        using var asBranch = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, "/api/deliveries/problems", MeetingBot.Branch2Key));
        var branchRow = Assert.Single(JsonNode.Parse(await asBranch.Content.ReadAsStringAsync())!.AsArray())!;
        Assert.Null(branchRow["setting"]);
        Assert.Null(branchRow["key"]);
        Assert.DoesNotContain("Reminders:", branchRow["message"]!.GetValue<string>());
        var path = "/api/deliveries/problems/" + Uri.EscapeDataString(problem.Key);
        using var refused = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Delete, path, MeetingBot.Branch2Key));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var dismissed = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Delete, path));
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Empty(await bot.Get<IDeliveryProblems>().ListProblemsAsync(default));
    }

    [Fact]
    public async Task SmsParameterOverTheProvidersLimit_IsOneProblemForTheTemplate()
    {
        await using var tencent = await FakeTencentSms.StartAsync();
        tencent.MaxParameterLength = 6;
        await using var bot = await SmsOnlyBotAsync(tencent);
        var meeting = await ScheduleAsync(bot, LongTitle, LongPlace);

        bot.Clock.Advance(TimeSpan.FromDays(1));
        await bot.DispatchAsync();

        var outcomes = await bot.Get<IReminderQueue>().ListOutcomesAsync(meeting.Id, default);
        Assert.All(outcomes, o => Assert.Contains("TemplateParameterLengthLimit", o.Detail));
        var problem = Assert.Single(await bot.Get<IDeliveryProblems>().ListProblemsAsync(default));
        Assert.Equal("Sms:Templates:MeetingReminder", problem.Setting);
        Assert.Equal(outcomes.Count, problem.Count);
    }

    [Fact]
    public async Task SmsParameters_AreShortenedToTheConfiguredLimitAndAccepted()
    {
        await using var tencent = await FakeTencentSms.StartAsync();
        await using var bot = await SmsOnlyBotAsync(tencent);
        var meeting = await ScheduleAsync(bot, "【重要】" + LongTitle + "\n请带笔记", LongPlace);

        bot.Clock.Advance(TimeSpan.FromDays(1));
        await bot.DispatchAsync();

        var outcomes = await bot.Get<IReminderQueue>().ListOutcomesAsync(meeting.Id, default);
        Assert.Equal(4, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(DeliveryStatus.Sent, o.Status));
        var values = JsonNode.Parse(tencent.Calls[0].Body)!["TemplateParamSet"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        Assert.Equal(4, values.Count);
        Assert.All(values, v => Assert.InRange(v.Length, 1, 12));
        Assert.Equal("重要关于学习贯彻党的二十", values[1]);
        Assert.Empty(await bot.Get<IDeliveryProblems>().ListProblemsAsync(default));
    }

    [Fact]
    public async Task SubscribeApi_SendsTheSameTypedFieldsThroughBizsend()
    {
        await using var bot = await MeetingBot.StartAsync(new Dictionary<string, string?>
        {
            ["Reminders:TemplateApi"] = "subscribe",
            ["Reminders:TemplateFields:thing1"] = "{title}",
            ["Reminders:TemplateFields:date2"] = "{time}",
            ["Reminders:TemplateFields:phrase3"] = "{type}",
        });
        var meeting = await ScheduleAsync(bot, LongTitle, LongPlace);

        bot.Clock.Advance(TimeSpan.FromDays(1));
        await bot.DispatchAsync();

        Assert.Empty(bot.Templates);
        var calls = bot.Api.CallsTo("message/subscribe/bizsend");
        Assert.Equal(2, calls.Count);
        var data = calls[0].Json["data"]!.AsObject();
        Assert.Equal(["date2", "phrase3", "thing1"], data.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.Equal("党员大会", data["phrase3"]!["value"]!.GetValue<string>());
        Assert.Equal(2, (await bot.Get<IReminderQueue>().ListOutcomesAsync(meeting.Id, default)).Count(o => o.Channel == DeliveryChannel.Template && o.Status == DeliveryStatus.Sent));
    }

    /// <summary>A bot with no template configured, whose notices all go by the real Tencent sender to the fake.</summary>
    private static Task<MeetingBot> SmsOnlyBotAsync(FakeTencentSms tencent) => MeetingBot.StartAsync(new Dictionary<string, string?>
    {
        ["Reminders:TemplateId"] = string.Empty,
        ["Sms:Provider"] = "tencent",
        ["Sms:SignName"] = "测试机关工委",
        ["Sms:Templates:MeetingReminder"] = "1110",
        ["Sms:Tencent:SecretId"] = FakeTencentSms.SecretId,
        ["Sms:Tencent:SecretKey"] = FakeTencentSms.SecretKey,
        ["Sms:Tencent:SdkAppId"] = "1400006666",
        ["Sms:Tencent:Endpoint"] = tencent.Endpoint,
    }, configure: s => s.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<TencentSmsSender>()));

    private static async Task<Meeting> ScheduleAsync(MeetingBot bot, string title, string place)
    {
        var draft = new MeetingDraft(await bot.BranchIdAsync("测试第一支部"), MeetingType.PartyCongress, bot.Clock.GetUtcNow() + TimeSpan.FromDays(2), place, Title: title);
        var result = await bot.Get<MeetingScheduler>().CreateAsync(draft, "test", default);
        Assert.True(result.Meeting is not null, result.Error);
        return result.Meeting!;
    }

    private static Dictionary<string, string?> SampleSection(string section)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoRoot.PathOf("appsettings.sample.json")).Build();
        return configuration.GetSection(section).AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
    }
}
