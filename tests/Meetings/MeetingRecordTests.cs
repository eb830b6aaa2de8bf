using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BranchBot.Core.Audit;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;

namespace BranchBot.Tests.Meetings;

/// <summary>
/// The meeting record (会议记录) through the admin API and chat: edits as compare-and-set, sign-off locks it, reopening
/// takes a reason, every change after the first sign-off is audited, and only the branch's secretaries (or the
/// meeting's 记录人, in chat) may write.
/// </summary>
public sealed class MeetingRecordTests
{
    private static readonly string Wang = MeetingBot.MemberId("13800000001");
    private static readonly string Zhao = MeetingBot.MemberId("13800000002");
    private static readonly string Qian = MeetingBot.MemberId("13800000003");
    private static readonly string Zhou = MeetingBot.MemberId("13800000005");

    /// <summary>The test roster with a 宣传委员 (committee member without secretary rights).</summary>
    private const string Roster = """
        姓名,手机号,组织,党小组,状态,角色
        王书记,13800000001,测试党委/测试第一支部,第一小组,正式,书记
        赵一,13800000002,测试党委/测试第一支部,第一小组,正式,党员
        钱二,13800000003,测试党委/测试第一支部,第二小组,预备,党员
        周宣,13800000005,测试党委/测试第一支部,第一小组,正式,宣传委员
        孙三,13800000004,测试党委/测试第二支部,,正式,党员
        """;

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(MeetingBot bot, HttpMethod method, string path, string? json = null, string key = MeetingBot.OrgKey)
    {
        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(method, path, key, json));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static async Task<string> CreateAsync(MeetingBot bot, TimeSpan after, string type = "党员大会", string agenda = "[\"学习党章\",\"讨论发展对象\"]")
    {
        var branch = await bot.BranchIdAsync("测试第一支部");
        var start = (bot.Clock.GetUtcNow() + after).ToString("O");
        var (status, body) = await SendAsync(bot, HttpMethod.Post, "/api/meetings",
            $$"""{"branchId":"{{branch}}","type":"{{type}}","start":"{{start}}","place":"三楼会议室","title":"十二月支部党员大会","agenda":{{agenda}}}""");
        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        return body!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Record_EditConflictSignOffReopen_LockedBetweenAndAuditedAfterTheFirstSignOff()
    {
        await using var bot = await MeetingBot.StartAsync();
        var id = await CreateAsync(bot, TimeSpan.FromHours(1));
        var path = $"/api/meetings/{id}/record";

        var (_, record) = await SendAsync(bot, HttpMethod.Get, path);
        Assert.Equal(["学习党章", "讨论发展对象"], record!["agenda"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(1, record["version"]!.GetValue<long>());
        Assert.False(record["locked"]!.GetValue<bool>());

        var (ok, saved) = await SendAsync(bot, HttpMethod.Put, path, $$"""{"version":1,"hostMemberId":"{{Wang}}","recorderMemberId":"{{Zhao}}","minutes":"王书记传达文件。","resolutions":["同意赵一转正"]}""");
        Assert.True(ok == HttpStatusCode.OK, saved?.ToJsonString());
        Assert.Equal((2L, "王书记", "赵一"), (saved!["version"]!.GetValue<long>(), saved["hostName"]!.GetValue<string>(), saved["recorderName"]!.GetValue<string>()));

        // A second secretary who read version 1 gets a 409 naming the current version; nothing of theirs is saved.
        var (stale, problem) = await SendAsync(bot, HttpMethod.Put, path, """{"version":1,"minutes":"另一位书记的记录"}""");
        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Equal(2, problem!["currentVersion"]!.GetValue<long>());
        Assert.Contains("已被他人修改", problem["detail"]!.GetValue<string>());

        var (bad, invalid) = await SendAsync(bot, HttpMethod.Put, path, """{"version":2,"recorderMemberId":"nobody"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("记录人须是本支部的党员", invalid!["errors"]!["recorderMemberId"]![0]!.GetValue<string>());
        var (_, tooMany) = await SendAsync(bot, HttpMethod.Put, path, "{\"version\":2,\"agenda\":[" + string.Join(',', Enumerable.Range(0, RecordLimits.MaxAgendaItems + 1).Select(i => $"\"议题{i}\"")) + "]}");
        Assert.NotNull(tooMany!["errors"]!["agenda"]);
        var (_, sunRecorder) = await SendAsync(bot, HttpMethod.Put, path, $$"""{"version":2,"recorderMemberId":"{{MeetingBot.MemberId("13800000004")}}"}""");
        Assert.NotNull(sunRecorder!["errors"]!["recorderMemberId"]);

        var (early, notYet) = await SendAsync(bot, HttpMethod.Post, path + "/sign-off", """{"version":2}""");
        Assert.Equal(HttpStatusCode.Conflict, early);
        Assert.Contains("会议尚未召开", notYet!["detail"]!.GetValue<string>());

        bot.Clock.Advance(TimeSpan.FromHours(3));
        var (signed, locked) = await SendAsync(bot, HttpMethod.Post, path + "/sign-off", """{"version":2}""");
        Assert.True(signed == HttpStatusCode.OK, locked?.ToJsonString());
        Assert.True(locked!["locked"]!.GetValue<bool>());
        Assert.Equal("org", locked["signedOffBy"]!.GetValue<string>());

        var (refused, why) = await SendAsync(bot, HttpMethod.Put, path, """{"version":3,"minutes":"签字后的改动"}""");
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal(MeetingRecordService.LockedReason, why!["detail"]!.GetValue<string>());
        Assert.True(why["locked"]!.GetValue<bool>());
        Assert.Contains("会议记录已签字确认并锁定", await bot.SayAsync("oWang", "记录 签字后补一句"));

        var (noReason, reasonError) = await SendAsync(bot, HttpMethod.Post, path + "/reopen", """{"version":3,"reason":"  "}""");
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.NotNull(reasonError!["errors"]!["reason"]);
        var (reopened, open) = await SendAsync(bot, HttpMethod.Post, path + "/reopen", """{"version":3,"reason":"补充决议表决结果"}""");
        Assert.True(reopened == HttpStatusCode.OK, open?.ToJsonString());
        Assert.False(open!["locked"]!.GetValue<bool>());

        var (edited, _) = await SendAsync(bot, HttpMethod.Put, path, """{"version":4,"resolutions":["同意赵一转正（应到 3 人，同意 3 人）"]}""");
        Assert.Equal(HttpStatusCode.OK, edited);
        var (again, _) = await SendAsync(bot, HttpMethod.Post, path + "/sign-off", """{"version":5}""");
        Assert.Equal(HttpStatusCode.OK, again);

        var audit = (await bot.Get<IAuditLog>().ListAsync(await bot.BranchIdAsync("测试第一支部"), 100, default))
            .Where(e => e.Target == "meeting=" + id && !e.Action.StartsWith("P", StringComparison.Ordinal)).Reverse()
            .Select(e => (e.Who, e.Action, e.Detail)).ToList();
        Assert.Equal(
        [
            ("org", "签字确认会议记录", "签字确认"),
            ("org", "重新打开会议记录", "理由：补充决议表决结果"),
            ("org", "修改会议记录", "修改：决议"),
            ("org", "签字确认会议记录", "重新签字确认"),
        ], audit);
    }

    [Fact]
    public async Task Record_AnotherBranchsSecretary_CanNeitherReadNorEditNorSignNorExport()
    {
        await using var bot = await MeetingBot.StartAsync();
        var id = await CreateAsync(bot, TimeSpan.FromMinutes(10));
        bot.Clock.Advance(TimeSpan.FromHours(1));
        foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Get, $"/api/meetings/{id}/record", null),
            (HttpMethod.Put, $"/api/meetings/{id}/record", """{"version":1,"minutes":"越权"}"""),
            (HttpMethod.Post, $"/api/meetings/{id}/record/sign-off", """{"version":1}"""),
            (HttpMethod.Post, $"/api/meetings/{id}/record/reopen", """{"version":1,"reason":"越权"}"""),
            (HttpMethod.Get, $"/api/meetings/{id}/record.docx", null),
            (HttpMethod.Get, $"/api/meetings/{id}/attendance.xlsx", null),
        })
        {
            var (status, _) = await SendAsync(bot, method, path, body, MeetingBot.Branch2Key);
            Assert.True(status == HttpStatusCode.Forbidden, $"{method} {path}: {status}");
        }

        var record = (await bot.Get<IMeetingRecords>().GetRecordAsync(id, default))!;
        Assert.Equal((1L, string.Empty, false), (record.Version, record.Minutes, record.Locked));
        using var anonymous = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{id}/record.docx", key: null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Chat_RecorderAndSecretaryWrite_APlainMemberAndA宣传委员AreRefused()
    {
        await using var bot = await MeetingBot.StartAsync(roster: Roster);
        await bot.Get<IMemberStore>().BindOpenIdAsync(Zhou, "oZhou", default);
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(10));
        bot.Clock.Advance(TimeSpan.FromMinutes(30));
        var next = await bot.ScheduleAsync(TimeSpan.FromDays(3), MeetingType.PartyLecture);

        Assert.Contains($"已写入「{meeting.Title}」的会议记录", await bot.SayAsync("oWang", "记录 王书记传达上级文件精神"));
        Assert.Contains("只有会议的记录人或支部书记", await bot.SayAsync("oZhaoYi", "记录 赵一的发言"));
        Assert.Contains("只有会议的记录人或支部书记", await bot.SayAsync("oZhou", "记录 周宣的发言"));
        Assert.Contains("只有会议的记录人或支部书记", await bot.SayAsync("oZhou", "议题 周宣的议题"));
        Assert.Contains("请发送「记录 内容」", await bot.SayAsync("oWang", "记录"));

        var records = bot.Get<MeetingRecordService>();
        var current = await records.GetAsync(meeting, default);
        Assert.NotNull((await records.EditAsync(meeting, new RecordEdit(RecorderMemberId: Zhao), current.Version, "王书记", default)).Record);
        Assert.Contains("已写入", await bot.SayAsync("oZhaoYi", "记录 赵一：讨论了发展党员工作"));
        Assert.Contains($"已为「{meeting.Title}」增加议题（共 1 项）", await bot.SayAsync("oWang", "议题 临时增加：通报支部工作"));

        // The same message delivered twice appends once (the inbox answers the repeat; the record keeps the MsgId too).
        var xml = bot.Bot.TextXml("oZhaoYi", "记录 会议一致通过", 987654321);
        for (var i = 0; i < 2; i++)
        {
            using var response = await bot.Bot.PostAsync(xml, "oZhaoYi");
            response.EnsureSuccessStatusCode();
        }

        Assert.False((await records.AppendLineAsync(meeting, agenda: false, "会议一致通过", "987654321", "赵一", default)).Appended);
        var minutes = (await records.GetAsync(meeting, default)).Minutes;
        Assert.Equal("王书记传达上级文件精神\n赵一：讨论了发展党员工作\n会议一致通过", minutes);

        // After the meeting: 议题 goes to the next one, 记录 still to the last one held.
        bot.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Contains($"已为「{next.Title}」增加议题（共 1 项）", await bot.SayAsync("oWang", "议题 学习二十届四中全会精神"));
        Assert.Contains($"已写入「{meeting.Title}」的会议记录", await bot.SayAsync("oZhaoYi", "记录 会后补记：散会时间 16:00"));
        Assert.Equal(["学习二十届四中全会精神"], (await records.GetAsync(next, default)).Agenda);
        Assert.Equal(["临时增加：通报支部工作"], (await records.GetAsync(meeting, default)).Agenda);
    }

    [Fact]
    public async Task Exports_DocxRecordAndXlsxAttendance_ReadBackWithNamesCountsAndTheQuorum()
    {
        await using var bot = await MeetingBot.StartAsync();
        var id = await CreateAsync(bot, TimeSpan.FromMinutes(10));
        var meeting = (await bot.Get<IMeetingStore>().GetMeetingAsync(id, default))!;
        var attendance = bot.Get<AttendanceService>();
        await attendance.RequestLeaveAsync(meeting, Zhao, "出差", default);
        await attendance.DecideLeaveAsync(meeting, Zhao, approve: true, default);
        await attendance.CheckInAsync(meeting, Wang, CheckInMethod.BySecretary, default);
        await attendance.CheckInAsync(meeting, Qian, CheckInMethod.BySecretary, default);
        bot.Clock.Advance(TimeSpan.FromHours(3));
        await attendance.CloseAsync(meeting, default);
        var records = bot.Get<MeetingRecordService>();
        await records.EditAsync(meeting, new RecordEdit(HostMemberId: Wang, RecorderMemberId: Qian, Minutes: "第一项：学习党章。\n第二项：讨论。", Resolutions: ["通过发展对象名单"]), 1, "王书记", default);
        await records.SignOffAsync(meeting, 2, "王书记", default);

        using var docx = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{id}/record.docx"));
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        Assert.Equal("会议记录-十二月支部党员大会-2026-11-23.docx", docx.Content.Headers.ContentDisposition!.FileNameStar);
        var (header, paragraphs) = OfficeFiles.ReadDocx(await docx.Content.ReadAsByteArrayAsync());
        Assert.Equal(("十二月支部党员大会", "支部党员大会", "三楼会议室", "王书记", "钱二"), (header["会议名称"], header["会议类型"], header["地点"], header["主持人"], header["记录人"]));
        Assert.Equal("应到 4 人，实到 2 人，请假 1 人，缺席 1 人", header["出席情况"]);
        Assert.Equal("有表决权应到 3 人，实到 1 人；表决须超过半数（未达到），选举须超过五分之四（未达到）。", header["表决权"]);
        string[] headings = ["议题", "出席人员", "请假人员", "缺席人员", "会议内容", "决议", "会议照片"];
        Assert.Equal(["1. 学习党章", "2. 讨论发展对象"], OfficeFiles.Section(paragraphs, "议题", headings));
        Assert.Equal(["王书记", "钱二"], OfficeFiles.Section(paragraphs, "出席人员", headings).Single().Split('、').Order(StringComparer.Ordinal));
        Assert.Equal(["赵一"], OfficeFiles.Section(paragraphs, "请假人员", headings));
        Assert.Equal(["李重名"], OfficeFiles.Section(paragraphs, "缺席人员", headings));
        Assert.Equal(["第一项：学习党章。", "第二项：讨论。"], OfficeFiles.Section(paragraphs, "会议内容", headings));
        Assert.Equal(["1. 通过发展对象名单"], OfficeFiles.Section(paragraphs, "决议", headings));
        Assert.Equal(["共 0 张"], OfficeFiles.Section(paragraphs, "会议照片", headings));
        Assert.Contains(paragraphs, p => p.StartsWith("签字确认：已签字确认（王书记，", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.Contains("主持人签字", StringComparison.Ordinal) && p.Contains("记录人签字", StringComparison.Ordinal) && p.Contains("日期", StringComparison.Ordinal));

        using var xlsx = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{id}/attendance.xlsx"));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Equal("考勤-十二月支部党员大会-2026-11-23.xlsx", xlsx.Content.Headers.ContentDisposition!.FileNameStar);
        var sheet = OfficeFiles.ReadXlsx(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.True(sheet.HeaderBold && sheet.HeaderFrozen);
        Assert.Equal(["会议", "时间", "姓名", "职务", "表决权", "状态", "签到时间", "签到方式", "请假理由"], sheet.Rows[0]);
        Assert.Contains(sheet.Rows, r => r[2] is "钱二" && r[3] is "党员" && r[4] is "无" && r[7] is "书记代签");
        Assert.Contains(sheet.Rows, r => r[2] is "王书记" && r[3] is "书记" && r[4] is "有");
        Assert.Contains(sheet.Rows, r => r[2] is "赵一" && r[8] is "出差");
        Assert.Equal("有表决权应到 3 人，实到 1 人；表决须超过半数（未达到），选举须超过五分之四（未达到）。", sheet.Rows[^1].Single());

        // The CSV holds the same cells as the workbook.
        using var csv = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{id}/attendance.csv"));
        var lines = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(sheet.Rows.Select(r => string.Join(',', r)), lines);

        var branch = await bot.BranchIdAsync("测试第一支部");
        using var report = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/reports/attendance.xlsx?branchId={branch}&from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z"));
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var rows = OfficeFiles.ReadXlsx(await report.Content.ReadAsByteArrayAsync()).Rows;
        Assert.Equal(["姓名", "应到", "实到", "迟到", "请假", "缺席", "出勤率", "应补学", "已补学", "已确认补学"], rows[0]);
        Assert.Contains(rows, r => r[0] is "王书记" && r[1] is 1.0 && r[2] is 1.0 && r[6] is "100%");
        Assert.Contains(rows, r => r[0] is "赵一" && r[4] is 1.0);

        // A 党课 takes no vote: no quorum line in either export.
        var lecture = await bot.ScheduleAsync(TimeSpan.FromDays(1), MeetingType.PartyLecture);
        Assert.Single((await bot.Get<AttendanceReports>().MeetingTableAsync(lecture, default)).Notes!);
        Assert.False(OfficeFiles.ReadDocx(BranchBot.Adapters.Documents.Docx.MeetingRecordDocument.Render(await bot.Get<MeetingRecordSheets>().BuildAsync(lecture, default))).Header.ContainsKey("表决权"));
    }

    [Fact]
    public async Task CreateWithAgenda_TooLongAnItem_IsRefusedBeforeTheMeetingIsSaved()
    {
        await using var bot = await MeetingBot.StartAsync();
        var branch = await bot.BranchIdAsync("测试第一支部");
        var start = (bot.Clock.GetUtcNow() + TimeSpan.FromDays(1)).ToString("O");
        var (status, problem) = await SendAsync(bot, HttpMethod.Post, "/api/meetings",
            $$"""{"branchId":"{{branch}}","type":"党课","start":"{{start}}","place":"三楼会议室","agenda":["{{new string('议', RecordLimits.MaxAgendaItemLength + 1)}}"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(problem!["errors"]!["agenda"]);
        Assert.Empty(await bot.Get<IMeetingStore>().ListByBranchAsync(branch, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, default));
    }
}
