using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Adapters.WeChat.Menu;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Bot.Menu;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Menu;

/// <summary>
/// The shipped menu's buttons through the real webhook (real Redis, Kestrel, the fake WeChat API): every click key,
/// the scanner check-in, photos to the meeting record, and the secretary tag kept in step with bindings.
/// </summary>
public sealed class MenuEndToEndTests
{
    private static readonly string Zhao = MeetingBot.MemberId("13800000002");
    private static readonly string Wang = MeetingBot.MemberId("13800000001");
    private static readonly string[] Refusals = ["暂未开通", "抱歉，该功能仅对", "需先绑定", "未能识别"];

    private static MenuSet Shipped => MenuFile.Parse(File.ReadAllBytes(RepoRoot.PathOf("bot", "Menu", "menus.json")), out _)!;

    private static async Task<string?> PushAsync(MeetingBot bot, string xml, string openId)
    {
        using var response = await bot.Bot.PostAsync(xml, openId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return bot.Bot.Composer.ReadReply(await response.Content.ReadAsStringAsync()).Content;
    }

    private static Task<string?> ClickAsync(MeetingBot bot, string openId, string key) =>
        PushAsync(bot, PushComposer.Event(BotServer.Account, openId, bot.Bot.ClockNow, "CLICK", key), openId);

    private static Task<string?> ScanAsync(MeetingBot bot, string openId, string result) =>
        PushAsync(bot, PushComposer.MenuScan(BotServer.Account, openId, bot.Bot.ClockNow, "SCAN_CHECKIN", result), openId);

    [Fact]
    public async Task Click_EveryShippedKey_GetsItsFeaturesReply()
    {
        await using var bot = await MeetingBot.StartAsync();
        var menus = Shipped;
        var replies = new Dictionary<string, string>();
        foreach (var (openId, buttons) in new[] { ("oZhaoYi", menus.Default), ("oWang", menus.Conditional.Single(c => c.Role == "secretary").Buttons) })
        {
            foreach (var key in buttons.SelectMany(b => b.Leaves).Where(b => b.Type == "click").Select(b => b.Key!).Distinct())
            {
                var reply = await ClickAsync(bot, openId, key);
                Assert.False(string.IsNullOrEmpty(reply), key);
                Assert.DoesNotContain(Refusals, refusal => reply!.Contains(refusal, StringComparison.Ordinal));
                replies[openId + ":" + key] = reply!;
                await bot.SayAsync(openId, "退出");
            }
        }

        Assert.Contains("近期没有需要您参加的会议", replies["oZhaoYi:MEETINGS"]);
        Assert.Contains("请写明请假理由", replies["oZhaoYi:LEAVE"]);
        Assert.Contains("参加竞赛", replies["oZhaoYi:COMPETITION_JOIN"]);
        Assert.Contains("我是支部助手", replies["oZhaoYi:HELP"]);
        Assert.Contains("本支部暂无待审批的请假", replies["oWang:LEAVE_PENDING"]);
        Assert.Contains("现在没有正在签到的会议", replies["oWang:CHECKIN_CODE"]);
        Assert.Contains("新建会议", replies["oWang:MEETING_NEW"]);

        // The secretaries' keys are refused to a member who presses them anyway (an old menu, a forged push).
        foreach (var key in new[] { "MEETING_NEW", "CHECKIN_CODE", "ATTENDANCE", "LEAVE_PENDING", "COMPETITION_NEW" })
        {
            Assert.Contains("抱歉，该功能仅对", await ClickAsync(bot, "oZhaoYi", key));
        }

        Assert.Contains("该菜单功能暂未开通", await ClickAsync(bot, "oZhaoYi", "NO_SUCH_KEY"));
        Assert.Contains("需先绑定", await ClickAsync(bot, "oStranger", "QUIZ_DAILY"));
    }

    [Fact]
    public async Task PendingLeave_ListsTheBranchsRequests()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        Assert.Contains("请假", await bot.SayAsync("oZhaoYi", "请假 出差在外"));
        var pending = await ClickAsync(bot, "oWang", "LEAVE_PENDING");
        Assert.Contains("赵一 · " + meeting.Title, pending);
        Assert.Contains("出差在外", pending);
        Assert.Contains("批准请假 姓名", pending);
    }

    [Fact]
    public async Task ScanFromTheMenu_TheScreensCodeChecksInAndAStaleOneIsRefused()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        using (var qr = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/qrcode")))
        {
            Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        }

        // The scanner reads the address in WeChat's code image: the one the screen shows now.
        var current = FakeWeChatApi.QrUrlFor(bot.Api.CallsTo("qrcode/create").Last().Body);
        Assert.StartsWith("✅ 签到成功", await ScanAsync(bot, "oZhaoYi", current));
        var record = await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, Zhao, default);
        Assert.Equal((AttendanceStatus.Present, CheckInMethod.QrCode), (record!.Status, record.Method));
        bot.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("您已签到", await ScanAsync(bot, "oZhaoYi", current));
        Assert.Equal(record, await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, Zhao, default));

        // Two periods later the same code is stale: refused, and counted like a wrong typed code.
        bot.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Contains("已过期", await ScanAsync(bot, "oWang", current));
        Assert.Equal(AttendanceStatus.Pending, (await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, Wang, default))!.Status);
        Assert.Contains("未能识别该二维码", await ScanAsync(bot, "oWang", "https://example.com/not-ours"));
        Assert.Contains("未能识别该二维码", await ScanAsync(bot, "oWang", "签到 <script>"));

        // A code drawn by the bot itself carries the scene as text; the current one works.
        var scene = CheckInScene.At(meeting, bot.Clock.GetUtcNow(), TimeSpan.FromMinutes(1));
        Assert.StartsWith("✅ 签到成功", await ScanAsync(bot, "oWang", "local-" + scene));
    }

    [Fact]
    public async Task ScanFromTheMenu_StaleCodesHitTheWrongCodeLimit()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        var stale = CheckInScene.At(meeting, bot.Clock.GetUtcNow() - TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
        string? reply = null;
        for (var i = 0; i < 5; i++)
        {
            bot.Clock.Advance(TimeSpan.FromSeconds(1));
            reply = await ScanAsync(bot, "oZhaoYi", stale);
        }

        Assert.Contains("错误次数过多", reply);
        bot.Clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = CheckInScene.At(meeting, bot.Clock.GetUtcNow(), TimeSpan.FromMinutes(1));
        Assert.Contains("错误次数过多", await ScanAsync(bot, "oZhaoYi", fresh));
        Assert.Contains("错误次数过多", await bot.SayAsync("oZhaoYi", "签到 " + CheckInCode.At(meeting, bot.Clock.GetUtcNow(), TimeSpan.FromSeconds(30))));
        Assert.Equal(AttendanceStatus.Pending, (await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, Zhao, default))!.Status);
    }

    [Fact]
    public async Task Photos_DuringTheWindowGoToTheRecordOnce_AndOutsideItTheMemberIsTold()
    {
        await using var bot = await MeetingBot.StartAsync();
        var now = bot.Bot.ClockNow;
        Assert.Contains("现在没有进行中的会议", await PushAsync(bot, PushComposer.Image(BotServer.Account, "oZhaoYi", now, "http://mmbiz.qpic.cn/a/0", "media-a", BotServer.NextMsgId()), "oZhaoYi"));

        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(10));
        Assert.Null(await PushAsync(bot, PushComposer.MenuPhotos(BotServer.Account, "oZhaoYi", now, "MEETING_PHOTO", 2), "oZhaoYi"));
        var image = PushComposer.Image(BotServer.Account, "oZhaoYi", now, "http://mmbiz.qpic.cn/b/0", "media-b", BotServer.NextMsgId());
        var first = await PushAsync(bot, image, "oZhaoYi");
        Assert.Contains($"照片已存入「{meeting.Title}」的会议记录（共 1 张）", first);
        Assert.Equal(first, await PushAsync(bot, image, "oZhaoYi"));
        Assert.Contains("（共 2 张）", await PushAsync(bot, PushComposer.Image(BotServer.Account, "oWang", now, "http://mmbiz.qpic.cn/c/0", "media-c", BotServer.NextMsgId()), "oWang"));
        Assert.Contains("需先绑定", await PushAsync(bot, PushComposer.Image(BotServer.Account, "oStranger", now, "http://mmbiz.qpic.cn/d/0", "media-d", BotServer.NextMsgId()), "oStranger"));

        var photos = await bot.Get<IMeetingRecords>().ListPhotosAsync(meeting.Id, default);
        Assert.Equal([(Zhao, "media-b"), (Wang, "media-c")], photos.Select(p => (p.MemberId, p.MediaId)));

        using var listed = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/photos"));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var json = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(["赵一", "王书记"], json.Select(p => p!["name"]!.GetValue<string>()));

        // Another branch's key may not see them; nobody without a key may.
        using var other = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/photos", MeetingBot.Branch2Key));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var anonymous = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/photos", key: null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var missing = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, "/api/meetings/nope/photos"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task SecretaryTag_FollowsBindingAndUnbinding()
    {
        await using var bot = await MeetingBot.StartAsync(new Dictionary<string, string?>
        {
            ["Menu:RunTagSync"] = "true",
            ["Menu:TagSyncInterval"] = "00:00:00.100",
        });

        await WaitForAsync(() => bot.Api.TagMembers("支部书记").SetEquals(["oWang"]));
        Assert.Empty(bot.Api.TagMembers("管理员"));

        using (var unbind = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Delete, $"/api/members/{Wang}/binding")))
        {
            Assert.Equal(HttpStatusCode.OK, unbind.StatusCode);
        }

        await WaitForAsync(() => bot.Api.TagMembers("支部书记").Count == 0);
        Assert.NotEmpty(bot.Api.CallsTo("tags/members/batchuntagging"));

        var code = await bot.Get<IMemberStore>().IssueBindingCodeAsync(Wang, TimeSpan.FromHours(1), default);
        Assert.Contains("绑定成功", await bot.SayAsync("oWangPhone2", "绑定 " + code));
        await WaitForAsync(() => bot.Api.TagMembers("支部书记").SetEquals(["oWangPhone2"]));

        // Rounds with nothing to change call nothing; the tags were made once.
        var calls = bot.Api.Calls.Count;
        await Task.Delay(500);
        Assert.Equal(calls, bot.Api.Calls.Count);
        Assert.Equal(2, bot.Api.CallsTo("tags/create").Count);
        Assert.Contains("oWangPhone2", await bot.Get<BranchBot.Core.Storage.ISharedState>().GetAsync("menu-tags:applied:支部书记", default));
    }

    [Fact]
    public async Task TagSync_AFailedCallIsMadeAgainNextRound_AndARefusedBatchGoesOneByOne()
    {
        await using var bot = await MeetingBot.StartAsync();
        var sync = bot.Get<MenuTagSync>();
        bot.Api.FailNext("tags/members/batchtagging", 45009, errMsg: "reach max api daily quota limit");
        await Assert.ThrowsAsync<InvalidOperationException>(() => sync.SyncAsync(default));
        Assert.Empty(bot.Api.TagMembers("支部书记"));

        var calls = await sync.SyncAsync(default);
        Assert.Equal(["tags/get", "tags/members/batchtagging"], calls.Select(c => c.Path));
        Assert.Equal(["oWang"], bot.Api.TagMembers("支部书记"));
        Assert.Empty(await sync.SyncAsync(default));

        // WeChat refuses the batch for good (one bad OpenID): each goes alone, and the round finishes.
        await bot.Get<IMemberStore>().UnbindAsync(Wang, default);
        bot.Api.FailNext("tags/members/batchuntagging", 40003, errMsg: "invalid openid");
        await sync.SyncAsync(default);
        Assert.Equal(2, bot.Api.CallsTo("tags/members/batchuntagging").Count);
        Assert.Empty(bot.Api.TagMembers("支部书记"));
        Assert.Empty(await sync.SyncAsync(default));
    }

    [Fact]
    public async Task MenuApi_ShowsTheCheckedFileToAdminsOnly()
    {
        await using var bot = await MeetingBot.StartAsync();
        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, "/api/menu"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Empty(json["problems"]!.AsArray());
        Assert.Contains(json["description"]!.AsArray(), line => line!.GetValue<string>().Contains("LEAVE_PENDING"));
        Assert.Equal("公众号尚未设置菜单", json["liveError"]!.GetValue<string>());

        using var branch = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, "/api/menu", MeetingBot.Branch2Key));
        Assert.Equal(HttpStatusCode.Forbidden, branch.StatusCode);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition());
    }
}
