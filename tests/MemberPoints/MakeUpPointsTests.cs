using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Core.MemberPoints;
using BranchBot.Core.Meetings;

namespace BranchBot.Tests.MemberPoints;

/// <summary>补学 owed → done → confirmed through the webhook and the admin API, on real Redis, with the report and the 党员积分 ledger at each step.</summary>
public sealed class MakeUpPointsTests
{
    private static async Task<(int Owed, int Done, int Confirmed)> ReportAsync(Meetings.MeetingBot bot, string memberId)
    {
        var (status, body) = await bot.ApiAsync(HttpMethod.Get, $"/api/reports/attendance?branchId={PointsBot.Branch1}&from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z");
        Assert.Equal(HttpStatusCode.OK, status);
        var row = body!.AsArray().Single(r => r!["memberId"]!.GetValue<string>() == memberId)!;
        return (row["makeUpOwed"]!.GetValue<int>(), row["makeUpDone"]!.GetValue<int>(), row["makeUpConfirmed"]!.GetValue<int>());
    }

    private static async Task<JsonNode> LedgerAsync(Meetings.MeetingBot bot, string memberId, string key = Meetings.MeetingBot.OrgKey)
    {
        var (status, body) = await bot.ApiAsync(HttpMethod.Get, $"/api/points/members/{memberId}?year=2026", key);
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    [Fact]
    public async Task MakeUp_OwedDoneConfirmed_ReportShowsEachStep_AndTheLedgerGainsTheEntryOnce()
    {
        await using var bot = await PointsBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        bot.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));
        await bot.Get<AttendanceService>().CloseAsync(meeting, default);

        Assert.Equal((1, 0, 0), await ReportAsync(bot, PointsBot.Zhao));
        var (status, list) = await bot.ApiAsync(HttpMethod.Get, $"/api/meetings/{meeting.Id}/makeups");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("待补学", list!.AsArray().Single(t => t!["memberId"]!.GetValue<string>() == PointsBot.Zhao)!["stateName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Get, $"/api/meetings/{meeting.Id}/makeups", Meetings.MeetingBot.Branch2Key)).Status);

        Assert.Contains("待补学 1 项，发送「补学」查看。", await bot.SayAsync("oZhaoYi", "积分"));
        Assert.Contains("✅ 已报告补学", await bot.SayAsync("oZhaoYi", "补学 学习了会议传达的文件精神"));
        Assert.DoesNotContain("待补学", await bot.SayAsync("oZhaoYi", "积分"));
        Assert.Equal((1, 1, 0), await ReportAsync(bot, PointsBot.Zhao));
        Assert.DoesNotContain((await LedgerAsync(bot, PointsBot.Zhao))["entries"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "MakeUp");

        // Another branch's secretary and a plain member in chat cannot confirm it.
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Zhao}/confirm", Meetings.MeetingBot.Branch2Key)).Status);
        Assert.Contains("仅对支部书记开放", await bot.SayAsync("oZhaoYi", "确认补学 赵一"));
        Assert.Equal((1, 1, 0), await ReportAsync(bot, PointsBot.Zhao));

        var (confirmed, answer) = await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Zhao}/confirm", PointsBot.Branch1Key);
        Assert.Equal((HttpStatusCode.OK, "已确认"), (confirmed, answer!["stateName"]!.GetValue<string>()));
        var (again, second) = await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Zhao}/confirm", PointsBot.Branch1Key);
        Assert.Equal((HttpStatusCode.OK, false), (again, second!["changed"]!.GetValue<bool>()));
        Assert.Contains("没有找到", await bot.SayAsync("oWang", "确认补学 赵一"));
        Assert.Equal((1, 1, 1), await ReportAsync(bot, PointsBot.Zhao));

        var ledger = await LedgerAsync(bot, PointsBot.Zhao, PointsBot.Branch1Key);
        var makeUp = Assert.Single(ledger["entries"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "MakeUp")!;
        Assert.Equal(1, makeUp["points"]!.GetValue<int>());
        Assert.StartsWith("补学已确认：支部党员大会", makeUp["reason"]!.GetValue<string>());
        var absent = Assert.Single(ledger["entries"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "Attendance")!;
        Assert.Equal((-2, "考勤"), (absent["points"]!.GetValue<int>(), absent["recordedBy"]!.GetValue<string>()));
        Assert.Equal(-1, ledger["total"]!.GetValue<int>());

        var mine = await bot.SayAsync("oZhaoYi", "积分");
        Assert.Contains("2026年党员积分：-1 分", mine);
        Assert.Contains("+1 补学已确认：支部党员大会", mine);
        Assert.Contains("-2 缺席：支部党员大会", mine);

        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get,
            $"/api/reports/attendance.csv?branchId={PointsBot.Branch1}&from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z"));
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Contains("应补学,已补学,已确认补学", csv);
        Assert.Contains("赵一,1,0,0,0,1,0%,1,1,1", csv);
    }

    [Fact]
    public async Task MakeUp_RecordedDoneByTheSecretary_AndOverdueShownAs逾期()
    {
        await using var bot = await PointsBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        bot.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));
        await bot.Get<AttendanceService>().CloseAsync(meeting, default);

        var path = $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Qian}/done";
        Assert.Equal(HttpStatusCode.BadRequest, (await bot.ApiAsync(HttpMethod.Post, path, PointsBot.Branch1Key, """{"note":""}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Post, path, Meetings.MeetingBot.Branch2Key, """{"note":"自学"}""")).Status);
        var (status, body) = await bot.ApiAsync(HttpMethod.Post, path, PointsBot.Branch1Key, """{"note":"书面自学会议文件"}""");
        Assert.Equal((HttpStatusCode.OK, "已报告，待确认"), (status, body!["stateName"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, (await bot.ApiAsync(HttpMethod.Post, path, PointsBot.Branch1Key, """{"note":"再来一次"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/mnobody/confirm", PointsBot.Branch1Key)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Zhao}/confirm", PointsBot.Branch1Key)).Status);

        bot.Clock.Advance(TimeSpan.FromDays(8));
        var (_, open) = await bot.ApiAsync(HttpMethod.Get, $"/api/makeups", PointsBot.Branch1Key);
        var rows = open!.AsArray();
        Assert.Equal("已报告，待确认", rows[0]!["stateName"]!.GetValue<string>());
        Assert.Contains(rows, r => r!["memberId"]!.GetValue<string>() == PointsBot.Zhao && r["stateName"]!.GetValue<string>() == "逾期" && r["overdue"]!.GetValue<bool>());
        Assert.Contains("已逾期", await bot.SayAsync("oZhaoYi", "补学"));
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Get, $"/api/makeups?branchId={PointsBot.Branch1}", Meetings.MeetingBot.Branch2Key)).Status);
    }

    [Fact]
    public async Task MakeUp_ASecretaryConfirmsNeitherTheirOwnNorAnEqualRolesMakeUp_InChatOrApi_TheAdminDoes()
    {
        await using var bot = await PointsBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        bot.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));
        await bot.Get<AttendanceService>().CloseAsync(meeting, default);
        Assert.Contains("✅ 已报告补学", await bot.SayAsync("oWang", "补学 学习了会议传达的文件精神"));

        // The secretary's own 补学, and 周副 (副书记) whose role is not below a secretary's console account.
        Assert.Contains("无权确认", await bot.SayAsync("oWang", "确认补学 王书记"));
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Wang}/confirm", PointsBot.Branch1Key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Zhou}/done", PointsBot.Branch1Key,
            """{"note":"自学党章"}""")).Status);
        Assert.Equal((1, 1, 0), await ReportAsync(bot, PointsBot.Wang));

        var (confirmed, answer) = await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Wang}/confirm", Meetings.MeetingBot.OrgKey);
        Assert.Equal((HttpStatusCode.OK, "已确认"), (confirmed, answer!["stateName"]!.GetValue<string>()));

        // Recording 赵一's 补学 twice with the same note (a retry after a lost answer) is one report, answered alike.
        var first = await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Zhao}/done", PointsBot.Branch1Key, """{"note":"书面自学党章"}""");
        var retry = await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Zhao}/done", PointsBot.Branch1Key, """{"note":"书面自学党章"}""");
        var other = await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/makeups/{PointsBot.Zhao}/done", PointsBot.Branch1Key, """{"note":"另一份内容"}""");
        Assert.Equal((HttpStatusCode.OK, true), (first.Status, first.Body!["changed"]!.GetValue<bool>()));
        Assert.Equal((HttpStatusCode.OK, false), (retry.Status, retry.Body!["changed"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
    }
}
