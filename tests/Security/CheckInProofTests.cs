using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Meetings;
using BranchBot.Tests.Admin;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Security;

/// <summary>Check-in that proves presence: a rotating QR scene, the automatic location report, map-picked locations verified.</summary>
public sealed class CheckInProofTests
{
    private static readonly string Zhao = MeetingBot.MemberId("13800000002");
    private static readonly GeoFence Hall = new(39.9087, 116.3975, 200);

    private static async Task<string?> PushAsync(MeetingBot bot, string xml, string openId)
    {
        using var response = await bot.Bot.PostAsync(xml, openId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return bot.Bot.Composer.ReadReply(await response.Content.ReadAsStringAsync()).Content;
    }

    private static async Task<AttendanceStatus?> StatusAsync(MeetingBot bot, Meeting meeting) =>
        (await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, Zhao, default))?.Status;

    private static string N(double value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Qr_APhotoOfTheProjectorScannedTwoPeriodsLater_IsRefused()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        var (_, qr, _) = await bot.GetAsync($"/api/meetings/{meeting.Id}/qrcode");
        var scene = qr!["scene"]!.GetValue<string>();
        Assert.InRange(qr["refreshSeconds"]!.GetValue<int>(), 1, 60);

        // The photo travels; two periods later it no longer checks anyone in, nor does the old fixed scene.
        bot.Clock.Advance(TimeSpan.FromMinutes(2));
        var late = await PushAsync(bot, PushComposer.Event(BotServer.Account, "oZhaoYi", bot.Bot.ClockNow, "SCAN", scene, ("Ticket", "T")), "oZhaoYi");
        Assert.Contains("已过期", late);
        var fixedScene = await PushAsync(bot, PushComposer.Event(BotServer.Account, "oZhaoYi", bot.Bot.ClockNow, "SCAN", "ci_" + meeting.Id, ("Ticket", "T")), "oZhaoYi");
        Assert.Contains("已过期", fixedScene);
        Assert.Equal(AttendanceStatus.Pending, await StatusAsync(bot, meeting));

        // The code on the screen now works.
        (_, qr, _) = await bot.GetAsync($"/api/meetings/{meeting.Id}/qrcode");
        var fresh = await PushAsync(bot, PushComposer.Event(BotServer.Account, "oZhaoYi", bot.Bot.ClockNow, "SCAN", qr!["scene"]!.GetValue<string>(), ("Ticket", "T")), "oZhaoYi");
        Assert.StartsWith("✅ 签到成功", fresh);
    }

    [Fact]
    public async Task Location_PickedOnTheMapInsideTheFence_IsUnverifiedUntilTheSecretaryConfirmsInChat()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20), fence: Hall);
        var picked = PushComposer.Xml(BotServer.Account, "oZhaoYi", bot.Bot.ClockNow, "location",
            ("Location_X", N(39.9090)), ("Location_Y", N(116.3980)), ("Scale", "16"), ("Label", "会场"), ("MsgId", BotServer.NextMsgId().ToString(CultureInfo.InvariantCulture)));

        Assert.Contains("待支部书记核实", await PushAsync(bot, picked, "oZhaoYi"));
        Assert.Equal(AttendanceStatus.Unverified, await StatusAsync(bot, meeting));
        Assert.Contains("签到待核实：赵一", await bot.SayAsync("oWang", "考勤"));

        Assert.Contains("已确认签到", await bot.SayAsync("oWang", "确认签到 赵一"));
        Assert.Equal(AttendanceStatus.Present, await StatusAsync(bot, meeting));
    }

    [Fact]
    public async Task Location_PickedOnTheMap_TheSecretaryRejectsThroughTheApi()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20), fence: Hall);
        var picked = PushComposer.Xml(BotServer.Account, "oZhaoYi", bot.Bot.ClockNow, "location",
            ("Location_X", N(39.9090)), ("Location_Y", N(116.3980)), ("Scale", "16"), ("Label", "会场"), ("MsgId", BotServer.NextMsgId().ToString(CultureInfo.InvariantCulture)));
        await PushAsync(bot, picked, "oZhaoYi");

        var (status, json, _) = await bot.CallAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/attendance/{Zhao}/reject");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Pending", json!["status"]!.GetValue<string>());
        Assert.Equal(AttendanceStatus.Pending, await StatusAsync(bot, meeting));
        (_, json, _) = await bot.CallAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/attendance/{Zhao}/confirm");
        Assert.False(json!["changed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task LocationReport_TheAutomaticEventInsideTheFence_ChecksIn_OutsideStaysSilent()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20), fence: Hall);
        string Report(double lat, double lng) => PushComposer.Event(BotServer.Account, "oZhaoYi", bot.Bot.ClockNow, "LOCATION", null,
            ("Latitude", N(lat)), ("Longitude", N(lng)), ("Precision", "30"));

        Assert.Null(await PushAsync(bot, Report(39.9187, 116.3975), "oZhaoYi"));
        Assert.Equal(AttendanceStatus.Pending, await StatusAsync(bot, meeting));

        bot.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.StartsWith("✅ 签到成功", await PushAsync(bot, Report(39.9090, 116.3980), "oZhaoYi"));
        Assert.Equal(AttendanceStatus.Present, await StatusAsync(bot, meeting));
    }
}
