using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Meetings;

/// <summary>Check-in, leave and absentees through the real webhook and admin API, with a manual clock.</summary>
public sealed class CheckInTests
{
    private static readonly string Zhao = MeetingBot.MemberId("13800000002");

    private static async Task<string> CodeAsync(MeetingBot bot, Meeting meeting)
    {
        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/checkin-code"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>();
    }

    private static async Task<AttendanceStatus?> StatusAsync(MeetingBot bot, Meeting meeting, string memberId) =>
        (await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, memberId, default))?.Status;

    [Fact]
    public async Task CheckIn_WithTheScreenCode_IsRecordedOnceAndARepeatChangesNothing()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        var code = await CodeAsync(bot, meeting);

        Assert.StartsWith("✅ 签到成功", await bot.SayAsync("oZhaoYi", "签到 " + code));
        var first = await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, Zhao, default);
        Assert.Equal((AttendanceStatus.Present, CheckInMethod.Code), (first!.Status, first.Method));

        bot.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Contains("您已签到（10:00）", await bot.SayAsync("oZhaoYi", "签到 " + await CodeAsync(bot, meeting)));
        Assert.Equal(first, await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, Zhao, default));
    }

    [Fact]
    public async Task CheckInCode_ShownToTheSecretaryInChat_WorksForMembers()
    {
        await using var bot = await MeetingBot.StartAsync();
        Assert.Contains("现在没有正在签到的会议", await bot.SayAsync("oWang", "签到码"));
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        var shown = await bot.SayAsync("oWang", "签到码");
        Assert.Contains("签到码：" + await CodeAsync(bot, meeting), shown);
        Assert.Contains("仅对支部书记开放", await bot.SayAsync("oZhaoYi", "签到码"));
    }

    [Fact]
    public async Task CheckIn_AfterTheStart_IsLateAndAfterTheWindowIsRefused()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(10));
        bot.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Contains("本次记为迟到", await bot.SayAsync("oZhaoYi", "签到 " + await CodeAsync(bot, meeting)));
        Assert.Equal(AttendanceStatus.Late, await StatusAsync(bot, meeting, Zhao));

        bot.Clock.Advance(TimeSpan.FromMinutes(60));
        Assert.Contains("现在没有可以签到的会议", await bot.SayAsync("oWang", "签到 " + await CodeAsync(bot, meeting)));
        Assert.Equal(AttendanceStatus.Pending, await StatusAsync(bot, meeting, MeetingBot.MemberId("13800000001")));
    }

    [Fact]
    public async Task CheckIn_BeforeTheWindowOpens_SaysWhenItDoes()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromHours(2));
        Assert.Contains("现在没有可以签到的会议", await bot.SayAsync("oZhaoYi", "签到 " + await CodeAsync(bot, meeting)));
        Assert.Equal(AttendanceStatus.Pending, await StatusAsync(bot, meeting, Zhao));
    }

    [Fact]
    public async Task CheckIn_WrongOrExpiredCodes_AreRefusedAndLimited()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        var old = await CodeAsync(bot, meeting);
        bot.Clock.Advance(TimeSpan.FromSeconds(61));
        var fresh = await CodeAsync(bot, meeting);
        Assert.NotEqual(old, fresh);

        Assert.Contains("签到码有误或已过期", await bot.SayAsync("oZhaoYi", "签到 " + old));
        Assert.Contains("请发送「签到 6位签到码」", await bot.SayAsync("oZhaoYi", "签到 12ab"));
        for (var i = 0; i < 3; i++)
        {
            await bot.SayAsync("oZhaoYi", "签到 " + (old == "000000" ? "111111" : "000000"));
        }

        Assert.Contains("错误次数过多", await bot.SayAsync("oZhaoYi", "签到 999999"));
        Assert.Contains("错误次数过多", await bot.SayAsync("oZhaoYi", "签到 " + fresh));
        Assert.Equal(AttendanceStatus.Pending, await StatusAsync(bot, meeting, Zhao));
        Assert.StartsWith("✅ 签到成功", await bot.SayAsync("oWang", "签到 " + fresh));
    }

    [Fact]
    public async Task CheckIn_ByScanningTheMeetingQrCode_WorksForFollowersAndNewFollowers()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        using var qr = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/qrcode"));
        var answer = JsonNode.Parse(await qr.Content.ReadAsStringAsync())!;
        var scene = answer["scene"]!.GetValue<string>();
        Assert.StartsWith("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=", answer["imageUrl"]!.GetValue<string>());
        Assert.Equal("QR_STR_SCENE", bot.Api.CallsTo("qrcode/create").Single().Json["action_name"]!.GetValue<string>());

        using var scan = await bot.Bot.PostAsync(PushComposer.Event(BotServer.Account, "oZhaoYi", bot.Bot.ClockNow, "SCAN", scene, ("Ticket", "T")), "oZhaoYi");
        Assert.StartsWith("✅ 签到成功", bot.Bot.Composer.ReadReply(await scan.Content.ReadAsStringAsync()).Content);
        using var follow = await bot.Bot.PostAsync(PushComposer.Event(BotServer.Account, "oWang", bot.Bot.ClockNow, "subscribe", "qrscene_" + scene, ("Ticket", "T")), "oWang");
        Assert.StartsWith("✅ 签到成功", bot.Bot.Composer.ReadReply(await follow.Content.ReadAsStringAsync()).Content);
        using var stranger = await bot.Bot.PostAsync(PushComposer.Event(BotServer.Account, "oStranger", bot.Bot.ClockNow, "SCAN", scene, ("Ticket", "T")), "oStranger");
        Assert.Contains("请先绑定", bot.Bot.Composer.ReadReply(await stranger.Content.ReadAsStringAsync()).Content);
        Assert.Equal(AttendanceStatus.Present, await StatusAsync(bot, meeting, Zhao));
    }

    [Fact]
    public async Task CheckIn_ByLocationMessage_InsideTheFenceOnly_AndThenAwaitsTheSecretary()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20), fence: new GeoFence(39.9087, 116.3975, 200));
        string Location(double lat, double lng) => PushComposer.Xml(BotServer.Account, "oZhaoYi", bot.Bot.ClockNow, "location",
            ("Location_X", lat.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Location_Y", lng.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Scale", "16"), ("Label", "x"), ("MsgId", BotServer.NextMsgId().ToString()));

        using var far = await bot.Bot.PostAsync(Location(39.9187, 116.3975), "oZhaoYi");
        Assert.Contains("不在会议地点范围内（相距约 1", bot.Bot.Composer.ReadReply(await far.Content.ReadAsStringAsync()).Content);
        Assert.Equal(AttendanceStatus.Pending, await StatusAsync(bot, meeting, Zhao));

        using var near = await bot.Bot.PostAsync(Location(39.9090, 116.3980), "oZhaoYi");
        Assert.Contains("待支部书记核实", bot.Bot.Composer.ReadReply(await near.Content.ReadAsStringAsync()).Content);
        var record = (await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, Zhao, default))!;
        Assert.Equal((AttendanceStatus.Unverified, CheckInMethod.Location), (record.Status, record.Method));
    }

    [Fact]
    public async Task CheckIn_UnboundUser_IsAskedToBindFirst()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        Assert.Contains("先绑定党员身份", await bot.SayAsync("oStranger", "签到 " + await CodeAsync(bot, meeting)));
    }

    [Fact]
    public async Task Leave_RequestedApprovedOrRefused_AndRefusedOnceTheMeetingStarted()
    {
        await using var bot = await MeetingBot.StartAsync();
        var first = await bot.ScheduleAsync(TimeSpan.FromDays(1));
        var second = await bot.ScheduleAsync(TimeSpan.FromDays(2), MeetingType.PartyLecture);
        Assert.Contains("2. 党课", await bot.SayAsync("oZhaoYi", "会议"));
        Assert.Contains("请写明请假理由", await bot.SayAsync("oZhaoYi", "请假"));
        Assert.Contains("党课", await bot.SayAsync("oZhaoYi", "请假 2 家中有事"));
        Assert.Contains("已经请过假", await bot.SayAsync("oZhaoYi", "请假 2 家中有事"));
        Assert.Equal(AttendanceStatus.LeaveRequested, await StatusAsync(bot, second, Zhao));
        Assert.Equal(AttendanceStatus.Pending, await StatusAsync(bot, first, Zhao));

        Assert.Contains("已批准请假", await bot.SayAsync("oWang", "批准请假 赵一"));
        Assert.Equal(AttendanceStatus.OnLeave, await StatusAsync(bot, second, Zhao));

        Assert.Contains("已提交请假", await bot.SayAsync("oZhaoYi", "请假 1 出差"));
        using var refuse = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Post, $"/api/meetings/{first.Id}/leave/{Zhao}/refuse"));
        Assert.Contains("已驳回", await refuse.Content.ReadAsStringAsync());
        Assert.Equal(AttendanceStatus.LeaveRefused, await StatusAsync(bot, first, Zhao));

        bot.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Contains("会议已经开始", await bot.SayAsync("oWang", "请假 1 临时有事"));
    }

    [Fact]
    public async Task Closing_MarksAbsenteesAndQueuesMakeUpStudyForPartyCongress()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        Assert.StartsWith("✅", await bot.SayAsync("oZhaoYi", "签到 " + await CodeAsync(bot, meeting)));
        bot.Clock.Advance(TimeSpan.FromMinutes(90));

        var store = bot.Get<IMeetingStore>();
        Assert.Equal([meeting.Id], await store.DueForClosingAsync(bot.Clock.GetUtcNow(), 10, default));
        var absent = await bot.Get<AttendanceService>().CloseAsync(meeting, default);
        Assert.Equal(3, absent.Count);
        Assert.Empty(await store.DueForClosingAsync(bot.Clock.GetUtcNow(), 10, default));
        Assert.Equal(new AttendanceCounts(4, 1, 0, 0, 3, 0), AttendanceCounts.Of(await store.GetAttendanceAsync(meeting.Id, default)));

        await bot.DispatchAsync();
        var makeUps = await bot.Get<IReminderQueue>().ListOutcomesAsync(meeting.Id, default);
        Assert.Equal(3, makeUps.Count(o => o.Kind == ReminderKind.MakeUp && o.Status == DeliveryStatus.Sent));
        Assert.Contains(bot.Templates, c => c.Body.Contains("补学提醒"));

        Assert.Contains("缺席：", await bot.SayAsync("oWang", "考勤"));
    }

    [Fact]
    public async Task NewMeetingByChat_SecretaryOnly_ParsesChinaTimeAndPlansReminders()
    {
        await using var bot = await MeetingBot.StartAsync();
        Assert.Contains("仅对党小组长和支部书记开放", await bot.SayAsync("oZhaoYi", "新建会议 支委会 2026-12-01 14:30 三楼会议室"));
        Assert.Contains("格式：新建会议", await bot.SayAsync("oWang", "新建会议 支委会 明天"));
        Assert.Contains("会议类型「茶话会」无法识别", await bot.SayAsync("oWang", "新建会议 茶话会 12-01 14:30 三楼"));
        Assert.Contains("会议时间已过", await bot.SayAsync("oWang", "新建会议 支委会 2026-11-01 14:30 三楼"));

        var reply = await bot.SayAsync("oWang", "新建会议 支委会 2026-12-01 14:30 三楼会议室");
        Assert.Contains("时间：12月1日(周二) 14:30", reply);
        Assert.Contains("应到 1 人", reply);
        var branch = await bot.BranchIdAsync("测试第一支部");
        var meeting = Assert.Single(await bot.Get<IMeetingStore>().ListByBranchAsync(branch, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, default));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 6, 30, 0, TimeSpan.Zero), meeting.Start);
        Assert.Equal(2, (await bot.Get<IReminderQueue>().ListAsync(meeting.Id, default)).Count);
        Assert.Contains("取消会议", await bot.SayAsync("oWang", "取消会议 9"));
        Assert.Contains("已取消", await bot.SayAsync("oWang", "取消会议 1"));
    }
}
