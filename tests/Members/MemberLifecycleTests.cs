using System.Net;
using BranchBot.Core.Audit;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Admin;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Members;

/// <summary>
/// 转出, 调动 and the role boundary end to end: the admin API on a real Kestrel, real Redis, the reminder dispatcher
/// and the webhook, on a manual clock.
/// </summary>
public sealed class MemberLifecycleTests
{
    private const string Branch1Key = "branch1-key-0123456789abcdef-ghijkl";
    private static readonly string Wang = MeetingBot.MemberId("13800000001");
    private static readonly string Zhao = MeetingBot.MemberId("13800000002");
    private static readonly string Qian = MeetingBot.MemberId("13800000003");

    private static async Task<MeetingBot> StartAsync(DateTimeOffset? now = null)
    {
        var clock = new ManualClock(now ?? new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var branch1 = Core.Members.RosterPlan.Build(RosterParser.Parse(System.Text.Encoding.UTF8.GetBytes(Study.StudyBot.Roster)).Rows).Units.Single(u => u.Name == "测试第一支部").Id;
        return await MeetingBot.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:ApiKeys:2:Name"] = "branch1",
            ["Admin:ApiKeys:2:Key"] = Branch1Key,
            ["Admin:ApiKeys:2:BranchId"] = branch1,
        }, clock: clock);
    }

    [Fact]
    public async Task TransferredOutMidMonth_GetsNoMoreReminders_LeavesTheNextMeetingsExpected_AndStaysInLastMonthsReport()
    {
        // Last month: a 党员大会 on 25 October that 赵一 was expected at.
        await using var bot = await StartAsync(new DateTimeOffset(2026, 10, 20, 2, 0, 0, TimeSpan.Zero));
        var october = await bot.ScheduleAsync(TimeSpan.FromDays(5));
        bot.Clock.Advance(TimeSpan.FromDays(6));
        await bot.DispatchAsync();
        Assert.Contains(Zhao, (await bot.Get<IMeetingStore>().GetAttendanceAsync(october.Id, default)).Select(a => a.MemberId));

        // Mid-November: the next meeting is planned, with reminders for 赵一 among others.
        bot.Clock.Advance(TimeSpan.FromDays(19));
        var next = await bot.ScheduleAsync(TimeSpan.FromDays(5));
        var hosted = (await bot.Get<MeetingScheduler>().CreateAsync(
            new MeetingDraft(await bot.BranchIdAsync("测试第一支部"), MeetingType.PartyLecture, bot.Clock.GetUtcNow().AddDays(7), "二楼报告厅", HostMemberId: Zhao), "test", default)).Meeting!;
        var queue = bot.Get<IReminderQueue>();
        Assert.Contains(Zhao, (await queue.ListAsync(next.Id, default)).Select(j => j.MemberId));
        var sentBefore = bot.Templates.Count;

        var (status, json, body) = await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/leave", Branch1Key,
            """{"standing":"transferred-out","on":"2026-11-14","note":"市财政局机关党委"}""");

        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal(("transferred-out", "转出", "2026-11-14", true), (json!["standing"]!.GetValue<string>(), json["standingName"]!.GetValue<string>(), json["since"]!.GetValue<string>(), json["changed"]!.GetValue<bool>()));

        // Jobs withdrawn, gone from the next meeting's 应到, and the dispatcher sends nothing to them when reminders fall due.
        Assert.DoesNotContain(Zhao, (await queue.ListAsync(next.Id, default)).Select(j => j.MemberId));
        var expected = (await bot.Get<IMeetingStore>().GetAttendanceAsync(next.Id, default)).Select(a => a.MemberId).ToList();
        Assert.DoesNotContain(Zhao, expected);
        Assert.Contains(Wang, expected);
        Assert.Null((await bot.Get<IMeetingStore>().GetMeetingAsync(hosted.Id, default))!.HostMemberId);
        bot.Clock.Advance(TimeSpan.FromDays(5));
        Assert.True(await bot.DispatchAsync() > 0);
        var touched = bot.Templates.Skip(sentBefore).Select(c => c.Json["touser"]!.GetValue<string>()).ToList();
        Assert.Contains("oWang", touched);
        Assert.DoesNotContain("oZhaoYi", touched);
        Assert.DoesNotContain(bot.Sms.Sent, s => s.Phone == "13800000002" && s.Parameters.Any(p => p.Value.Contains("11月", StringComparison.Ordinal)));

        // Last month's report still counts them where the meeting happened; a meeting created now does not invite them.
        var branch = await bot.BranchIdAsync("测试第一支部");
        var report = await bot.Get<AttendanceReports>().BranchAsync(branch, new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), default);
        Assert.Equal(1, report.Single(r => r.MemberId == Zhao).Expected);
        var later = await bot.ScheduleAsync(TimeSpan.FromDays(3));
        Assert.DoesNotContain(Zhao, (await bot.Get<IMeetingStore>().GetAttendanceAsync(later.Id, default)).Select(a => a.MemberId));

        // The history keeps where to, when and who.
        var (_, history, _) = await bot.CallAsync(HttpMethod.Get, $"/api/members/{Zhao}/history");
        var entry = history!.AsArray().Single()!;
        Assert.Equal(("转出", "市财政局机关党委", "branch1", "测试第一支部"), (entry["kindName"]!.GetValue<string>(), entry["note"]!.GetValue<string>(), entry["by"]!.GetValue<string>(), entry["fromBranch"]!.GetValue<string>()));

        // The roster lists them only among former members.
        var (_, current, _) = await bot.CallAsync(HttpMethod.Get, $"/api/members?branchId={branch}");
        Assert.DoesNotContain(current!["items"]!.AsArray(), m => m!["id"]!.GetValue<string>() == Zhao);
        var (_, former, _) = await bot.CallAsync(HttpMethod.Get, $"/api/members?branchId={branch}&former=true");
        Assert.Equal([Zhao], former!["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task FormerMember_IsToldPolitely_AndCannotBindAgainByNameOrCode()
    {
        await using var bot = await StartAsync();
        var code = await bot.Get<IMemberStore>().IssueBindingCodeAsync(Qian, TimeSpan.FromDays(1), default);
        Assert.Equal(HttpStatusCode.OK, (await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/leave", json: """{"standing":"transferred-out","note":"外省某单位党委"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await bot.CallAsync(HttpMethod.Post, $"/api/members/{Qian}/leave", json: """{"standing":"deceased"}""")).Status);

        Assert.Contains("不在本组织的党员名单中", await bot.SayAsync("oZhaoYi", "积分"));
        Assert.Contains("不在本组织的党员名单中", await bot.SayAsync("oZhaoYi", "你好"));
        Assert.Null(await bot.Get<IMemberStore>().GetProfileAsync("oZhaoYi", default));

        // By name (another WeChat user trying 赵一's name), and by a code issued before 钱二 left.
        Assert.DoesNotContain("绑定成功", await bot.SayAsync("oStranger", "绑定 赵一 0002"));
        Assert.Contains("不在本组织的党员名单中", await bot.SayAsync("oQianNew", "绑定 " + code));
        Assert.Null(await bot.Get<IMemberStore>().GetProfileAsync("oStranger", default));
        Assert.Null(await bot.Get<IMemberStore>().GetProfileAsync("oQianNew", default));

        // The secretary's 考勤 of a new meeting does not count them.
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        var attendees = (await bot.Get<IMeetingStore>().GetAttendanceAsync(meeting.Id, default)).Select(a => a.MemberId).ToList();
        Assert.DoesNotContain(Zhao, attendees);
        Assert.DoesNotContain(Qian, attendees);
    }

    [Fact]
    public async Task RoleBoundary_ASecretaryActsOnlyBelowThemInTheirBranch_MovesAcrossBranchesAndErasureAreTheAdmins()
    {
        await using var bot = await StartAsync();
        var branch2 = await bot.BranchIdAsync("测试第二支部");
        var leave = """{"standing":"transferred-out","note":"某单位"}""";

        // Another branch's secretary, a secretary on a secretary, a secretary moving someone out of the branch or erasing.
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/leave", MeetingBot.Branch2Key, leave)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.CallAsync(HttpMethod.Post, $"/api/members/{Wang}/leave", Branch1Key, leave)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/move", Branch1Key, $$"""{"branchId":"{{branch2}}"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/erase", Branch1Key, """{"reason":"本人申请"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.CallAsync(HttpMethod.Get, $"/api/members/{Zhao}/history", MeetingBot.Branch2Key)).Status);
        Assert.Equal(MemberStanding.Active, (await bot.Get<IMemberStore>().GetMemberAsync(Zhao, default))!.Standing);
        Assert.Equal((await bot.BranchIdAsync("测试第一支部")), (await bot.Get<IMemberStore>().GetMemberAsync(Zhao, default))!.BranchId);

        // Within the branch, the secretary moves a member between 党小组; the admin moves across branches.
        var group2 = (await bot.Get<IMemberStore>().ListUnitsAsync(default)).Single(u => u.Name == "第二小组").Id;
        var (status, json, body) = await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/move", Branch1Key, $$"""{"groupId":"{{group2}}","note":"工作调整"}""");
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal(group2, json!["groupId"]!.GetValue<string>());
        (status, _, body) = await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/move", json: $$"""{"branchId":"{{branch2}}"}""");
        Assert.True(status == HttpStatusCode.OK, body);
        var moved = await bot.Get<IMemberStore>().GetMemberAsync(Zhao, default);
        Assert.Equal((branch2, (string?)null), (moved!.BranchId, moved.GroupId));
        Assert.Equal(branch2, (await bot.Get<IMemberStore>().GetProfileAsync("oZhaoYi", default))!.BranchId);
        Assert.Equal(["调动", "调动"], (await bot.Get<IMemberLifecycleStore>().HistoryAsync(Zhao, default)).Select(e => e.Kind == MemberChangeKind.Moved ? "调动" : "?"));

        // Now branch 2's secretary may act on them, and branch 1's may not.
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/leave", Branch1Key, leave)).Status);
        Assert.Equal(HttpStatusCode.OK, (await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/leave", MeetingBot.Branch2Key, leave)).Status);

        // Every refusal and change is audited.
        var audit = await bot.Get<IAuditLog>().ListAsync(null, 100, default);
        Assert.Contains(audit, e => e.Action == "POST /api/members/{id}/leave" && e.Status == 403);
        Assert.Contains(audit, e => e.Action == "POST /api/members/{id}/leave" && e.Status == 200);
    }

    [Fact]
    public async Task MoveBetweenBranches_KeepsPastAttendanceWithTheOldBranch_AndLeavesItsFutureMeetings()
    {
        await using var bot = await StartAsync(new DateTimeOffset(2026, 10, 20, 2, 0, 0, TimeSpan.Zero));
        var past = await bot.ScheduleAsync(TimeSpan.FromDays(1));
        bot.Clock.Advance(TimeSpan.FromDays(3));
        var future = await bot.ScheduleAsync(TimeSpan.FromDays(5));
        var branch1 = await bot.BranchIdAsync("测试第一支部");
        var branch2 = await bot.BranchIdAsync("测试第二支部");

        Assert.Equal(HttpStatusCode.OK, (await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/move", json: $$"""{"branchId":"{{branch2}}","note":"调入第二支部"}""")).Status);

        Assert.DoesNotContain(Zhao, (await bot.Get<IMeetingStore>().GetAttendanceAsync(future.Id, default)).Select(a => a.MemberId));
        Assert.Contains(Zhao, (await bot.Get<IMeetingStore>().GetAttendanceAsync(past.Id, default)).Select(a => a.MemberId));
        var report = await bot.Get<AttendanceReports>().BranchAsync(branch1, new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), default);
        Assert.Equal(1, report.Single(r => r.MemberId == Zhao).Expected);
        var report2 = await bot.Get<AttendanceReports>().BranchAsync(branch2, new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), default);
        Assert.Equal(0, report2.Single(r => r.MemberId == Zhao).Expected);
    }
}
