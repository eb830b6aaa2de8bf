using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Meetings;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Meetings;

/// <summary>
/// Acceptance, the record part of issue #15: through the signed webhook and the admin API against real Redis, a meeting
/// created with 议题 → reminders → leave asked, secretary told, approved by reply, member told → check-ins → minutes by
/// chat and API and a photo → sign-off → an edit refused → the .docx record and the .xlsx attendance read back.
/// </summary>
public sealed class MeetingRecordEndToEndTests
{
    private static readonly string Zhao = MeetingBot.MemberId("13800000002");
    private static readonly string Qian = MeetingBot.MemberId("13800000003");

    private static IEnumerable<(string To, string Title, string Kind)> Notices(MeetingBot bot) =>
        bot.Templates.Select(t => (t.Json["touser"]!.GetValue<string>(), t.Json["data"]!["thing1"]!["value"]!.GetValue<string>(), t.Json["data"]!["thing4"]!["value"]!.GetValue<string>()));

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> ApiAsync(MeetingBot bot, HttpMethod method, string path, string? json = null)
    {
        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(method, path, MeetingBot.OrgKey, json));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static async Task<string?> PushAsync(MeetingBot bot, string xml, string openId)
    {
        using var response = await bot.Bot.PostAsync(xml, openId);
        response.EnsureSuccessStatusCode();
        return bot.Bot.Composer.ReadReply(await response.Content.ReadAsStringAsync()).Content;
    }

    [Fact]
    public async Task Meeting_FromAgendaToSignedOffRecord_ExportsWhatHappened()
    {
        await using var bot = await MeetingBot.StartAsync();
        var branch = await bot.BranchIdAsync("测试第一支部");

        // Created with 议题 through the API.
        var start = bot.Clock.GetUtcNow() + TimeSpan.FromDays(2);
        var (created, meetingJson) = await ApiAsync(bot, HttpMethod.Post, "/api/meetings",
            $$"""{"branchId":"{{branch}}","type":"支部党员大会","start":"{{start:O}}","place":"三楼会议室","title":"第四季度党员大会","agenda":["学习党的二十届四中全会精神","讨论预备党员转正"]}""");
        Assert.True(created == HttpStatusCode.Created, meetingJson?.ToJsonString());
        var id = meetingJson!["id"]!.GetValue<string>();
        var meeting = (await bot.Get<IMeetingStore>().GetMeetingAsync(id, default))!;

        // The day before: reminders go out.
        bot.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await bot.DispatchAsync();
        Assert.Contains(("oZhaoYi", "第四季度党员大会", "会议提醒"), Notices(bot));

        // Leave: asked in chat, the secretary told, approved by reply, the member told.
        Assert.Contains("已通知支部书记审批", await bot.SayAsync("oZhaoYi", "请假 出差在外"));
        await bot.DispatchAsync();
        Assert.Contains(("oWang", "赵一请假：第四季度党员大会", "请假审批"), Notices(bot));
        Assert.Contains("已批准请假，已告知本人", await bot.SayAsync("oWang", "批准请假 赵一"));
        await bot.DispatchAsync();
        Assert.Contains(("oZhaoYi", "第四季度党员大会", "请假获批"), Notices(bot));

        // The meeting: 王书记 checks in with the screen's code, 钱二 is signed in by the secretary in the console.
        bot.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(6));
        var code = CheckInCode.At(meeting, bot.Clock.GetUtcNow(), bot.Get<MeetingsOptions>().CodePeriod);
        Assert.Contains("签到成功", await bot.SayAsync("oWang", "签到 " + code));
        var (proxy, _) = await ApiAsync(bot, HttpMethod.Post, $"/api/meetings/{id}/attendance/{Qian}/checkin");
        Assert.Equal(HttpStatusCode.OK, proxy);

        // Minutes by chat and a photo push during the meeting, then the rest through the API.
        bot.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Contains("已写入「第四季度党员大会」的会议记录", await bot.SayAsync("oWang", "记录 王书记领学四中全会公报。"));
        var photo = PushComposer.Image(BotServer.Account, "oWang", bot.Bot.ClockNow, "http://mmbiz.qpic.cn/e2e/0", "media-e2e", BotServer.NextMsgId());
        Assert.Contains("照片已存入「第四季度党员大会」的会议记录（共 1 张）", await PushAsync(bot, photo, "oWang"));

        var (_, record) = await ApiAsync(bot, HttpMethod.Get, $"/api/meetings/{id}/record");
        var version = record!["version"]!.GetValue<long>();
        Assert.Equal("王书记", record["photos"]![0]!["name"]!.GetValue<string>());
        var minutes = record["minutes"]!.GetValue<string>() + "\n钱二汇报预备期表现，党员逐一发表意见。";
        var edit = new JsonObject
        {
            ["version"] = version,
            ["hostMemberId"] = MeetingBot.MemberId("13800000001"),
            ["recorderMemberId"] = Qian,
            ["minutes"] = minutes,
            ["resolutions"] = new JsonArray("同意钱二同志按期转为正式党员"),
        };
        var (edited, editedJson) = await ApiAsync(bot, HttpMethod.Put, $"/api/meetings/{id}/record", edit.ToJsonString());
        Assert.True(edited == HttpStatusCode.OK, editedJson?.ToJsonString());

        // After the meeting: the window closes, the secretary signs off, an edit is refused.
        bot.Clock.Advance(TimeSpan.FromHours(3));
        await bot.Get<AttendanceService>().CloseAsync(meeting, default);
        var (signed, signedJson) = await ApiAsync(bot, HttpMethod.Post, $"/api/meetings/{id}/record/sign-off", $$"""{"version":{{version + 1}}}""");
        Assert.True(signed == HttpStatusCode.OK, signedJson?.ToJsonString());
        var (refused, problem) = await ApiAsync(bot, HttpMethod.Put, $"/api/meetings/{id}/record", $$"""{"version":{{version + 2}},"minutes":"改动"}""");
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal(MeetingRecordService.LockedReason, problem!["detail"]!.GetValue<string>());
        Assert.Contains("已签字确认并锁定", await bot.SayAsync("oWang", "记录 再补一句"));

        // The Word record.
        using var docx = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{id}/record.docx"));
        var (header, paragraphs) = OfficeFiles.ReadDocx(await docx.Content.ReadAsByteArrayAsync());
        string[] headings = ["议题", "出席人员", "请假人员", "缺席人员", "会议内容", "决议", "会议照片"];
        Assert.Equal(("王书记", "钱二"), (header["主持人"], header["记录人"]));
        Assert.Equal(["1. 学习党的二十届四中全会精神", "2. 讨论预备党员转正"], OfficeFiles.Section(paragraphs, "议题", headings));
        Assert.Equal(["王书记", "钱二"], OfficeFiles.Section(paragraphs, "出席人员", headings).Single().Split('、').Order(StringComparer.Ordinal));
        Assert.Equal(["赵一"], OfficeFiles.Section(paragraphs, "请假人员", headings));
        Assert.Equal(["李重名"], OfficeFiles.Section(paragraphs, "缺席人员", headings));
        Assert.Equal(["王书记领学四中全会公报。", "钱二汇报预备期表现，党员逐一发表意见。"], OfficeFiles.Section(paragraphs, "会议内容", headings));
        Assert.Equal(["1. 同意钱二同志按期转为正式党员"], OfficeFiles.Section(paragraphs, "决议", headings));
        Assert.Equal("共 1 张", OfficeFiles.Section(paragraphs, "会议照片", headings)[0]);
        Assert.Contains(paragraphs, p => p.StartsWith("签字确认：已签字确认（org，", StringComparison.Ordinal));
        Assert.StartsWith("有表决权应到 3 人，实到 1 人", header["表决权"]);

        // The Excel attendance.
        using var xlsx = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{id}/attendance.xlsx"));
        var sheet = OfficeFiles.ReadXlsx(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Contains(sheet.Rows, r => r[2] is "王书记" && r[5] is "已签到" or "迟到" && r[7] is "签到码");
        Assert.Contains(sheet.Rows, r => r[2] is "赵一" && r[5] is "请假" && r[8] is "出差在外");
        Assert.Contains(sheet.Rows, r => r[2] is "李重名" && r[5] is "缺席");
        Assert.Contains(sheet.Rows, r => r.Count == 1 && r[0] is string s && s.StartsWith("应到 4 人，实到 2 人", StringComparison.Ordinal));
    }
}
