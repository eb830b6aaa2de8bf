using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Meetings;

/// <summary>
/// The rules an inspection checks beyond 三会一课's monthly and quarterly meetings: 党小组会 per 党小组 (convened by its
/// 党小组长), meetings held as two kinds, yearly rules, and 民主生活会 refused as a branch meeting.
/// </summary>
public sealed class OrganisationLifeRulesTests
{
    private const string LeaderPhone = "13800000009";

    private static async Task<MeetingBot> StartWithGroupLeaderAsync(IDictionary<string, string?>? settings = null, string? prefix = null, ManualClock? clock = null)
    {
        var bot = await MeetingBot.StartAsync(settings, prefix, clock);
        var members = bot.Get<IMemberStore>();
        if ((await members.ListAllAsync(default)).All(m => m.Phone != LeaderPhone))
        {
            var row = new RosterRow(2, "孙组长", LeaderPhone, ["测试党委", "测试第一支部"], "第一小组", MemberStatus.Full, MemberRole.GroupLeader);
            await members.ImportAsync(RosterPlan.Build([row]), default);
            await members.BindOpenIdAsync(MeetingBot.MemberId(LeaderPhone), "oLeader", default);
        }

        return bot;
    }

    [Fact]
    public async Task GroupLeader_ConvenesTheirOwnGroupsMeeting_InvitingOnlyThatGroup_AndNothingElse()
    {
        await using var bot = await StartWithGroupLeaderAsync();
        var reply = await bot.SayAsync("oLeader", "新建会议 党小组会 11月30日 14:00 活动室");
        Assert.Contains("✅ 已安排：党小组会", reply);

        var meeting = (await bot.Get<IMeetingStore>().ListByBranchAsync(await bot.BranchIdAsync("测试第一支部"), bot.Clock.GetUtcNow(), bot.Clock.GetUtcNow().AddDays(30), default)).Single();
        var group = (await bot.Get<IMemberStore>().ListUnitsAsync(default)).Single(u => u.Name == "第一小组");
        Assert.Equal(group.Id, meeting.GroupId);
        var invited = (await bot.Get<IMeetingStore>().GetAttendanceAsync(meeting.Id, default)).Select(a => a.MemberId).Order().ToList();
        var groupMembers = (await bot.Get<IMemberStore>().ListAllAsync(default)).Where(m => m.GroupId == group.Id).Select(m => m.Id).Order().ToList();
        Assert.Equal(groupMembers, invited);
        Assert.Equal(3, invited.Count);

        Assert.Contains("只能召开本党小组", await bot.SayAsync("oLeader", "新建会议 党小组会 第二小组 11月30日 15:00 活动室"));
        Assert.Contains("请由支部书记安排", await bot.SayAsync("oLeader", "新建会议 支委会 11月30日 15:00 活动室"));
        Assert.Contains("仅对党小组长和支部书记开放", await bot.SayAsync("oZhaoYi", "新建会议 党小组会 11月30日 15:00 活动室"));
        Assert.Single(await bot.Get<IMeetingStore>().ListByBranchAsync(meeting.BranchId, bot.Clock.GetUtcNow(), bot.Clock.GetUtcNow().AddDays(30), default));
    }

    [Fact]
    public async Task Secretary_NamesTheGroup_HoldsTwoKindsAtOnce_AndIsToldWhy民主生活会IsNotABranchMeeting()
    {
        await using var bot = await StartWithGroupLeaderAsync();
        Assert.Contains("请写明召开哪个党小组的会议", await bot.SayAsync("oWang", "新建会议 党小组会 11月30日 14:00 活动室"));
        Assert.Contains("应到 1 人", await bot.SayAsync("oWang", "新建会议 党小组会 第二小组 11月30日 14:00 活动室"));
        Assert.Contains("没有名为「第九小组」的党小组", await bot.SayAsync("oWang", "新建会议 党小组会 第九小组 11月30日 14:00 活动室"));
        Assert.Equal(MeetingTypes.NotABranchMeeting, await bot.SayAsync("oWang", "新建会议 民主生活会 11月30日 14:00 活动室"));

        Assert.Contains("✅ 已安排：主题党日暨党课", await bot.SayAsync("oWang", "新建会议 主题党日+党课 11月28日 9:00 纪念馆"));
        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, "/api/compliance?branchId=" + await bot.BranchIdAsync("测试第一支部")));
        var items = (await response.Content.ReadFromJsonAsync<JsonArray>())![0]!["items"]!.AsArray();
        string StatusOf(string rule) => items.Single(i => i!["rule"]!.GetValue<string>() == rule)!["status"]!.GetValue<string>();
        Assert.Equal(("planned", "planned"), (StatusOf("ThemeDay"), StatusOf("PartyLecture")));
        var groupRows = items.Where(i => i!["rule"]!.GetValue<string>() == "GroupMeeting").Select(i => i!["ruleName"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["党小组会（第一小组）", "党小组会（第二小组）"], groupRows);
    }

    [Fact]
    public async Task YearlyAndGroupRules_WarnOncePerPeriod_OnThreeInstances()
    {
        // 2026-12-05 China: the year ends in 27 days (within the 30-day lead), the month in 27 (outside the 7-day lead).
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 5, 2, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?> { ["Compliance:Rules"] = "OrganisationLife:year,MemberReview:year,GroupMeeting:month:group" };
        await using var first = await StartWithGroupLeaderAsync(settings, clock: clock);
        await using var second = await StartWithGroupLeaderAsync(settings, first.Prefix, clock);
        await using var third = await StartWithGroupLeaderAsync(settings, first.Prefix, clock);
        var bots = new[] { first, second, third };
        await Task.WhenAll(bots.Select(b => b.Get<ComplianceMonitor>().RunOnceAsync(default)));
        await Task.WhenAll(bots.Select(b => b.DispatchAsync()));

        var titles = bots.SelectMany(b => b.Templates).Select(t => (t.Json["touser"]!.GetValue<string>(), t.Json["data"]!["thing1"]!["value"]!.GetValue<string>())).Order().ToList();
        Assert.Equal([("oWang", "2026年民主评议党员"), ("oWang", "2026年组织生活会")], titles);

        // Late in the month the 党小组 rule warns each group once: its 党小组长 and the secretary.
        clock.Advance(TimeSpan.FromDays(21));
        await Task.WhenAll(bots.Select(b => b.Get<ComplianceMonitor>().RunOnceAsync(default)));
        await Task.WhenAll(bots.Select(b => b.Get<ComplianceMonitor>().RunOnceAsync(default)));
        await Task.WhenAll(bots.Select(b => b.DispatchAsync()));
        var group = bots.SelectMany(b => b.Templates).Select(t => (t.Json["touser"]!.GetValue<string>(), t.Json["data"]!["thing1"]!["value"]!.GetValue<string>()))
            .Where(t => t.Item2.Contains("党小组会", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal([("oLeader", "2026年12月党小组会"), ("oWang", "2026年12月党小组会"), ("oWang", "2026年12月党小组会")], group);
    }
}
