using System.Net;
using BranchBot.Core.MemberPoints;
using BranchBot.Core.Meetings;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.MemberPoints;

/// <summary>Attendance 党员积分: set once per meeting and member however often and wherever the close runs, corrected by a later change.</summary>
public sealed class AttendancePointsTests
{
    [Fact]
    public async Task Close_OnThreeInstancesRepeatedly_SetsEachMembersEntryOnce()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        await using var first = await PointsBot.StartAsync(clock: clock);
        await using var second = await PointsBot.StartAsync(first.Prefix, clock);
        await using var third = await PointsBot.StartAsync(first.Prefix, clock);
        var meeting = await first.ScheduleAsync(TimeSpan.FromMinutes(20));
        await first.Get<AttendanceService>().CheckInAsync(meeting, PointsBot.Zhao, CheckInMethod.Code, default);
        clock.Advance(TimeSpan.FromMinutes(25));
        await second.Get<AttendanceService>().CheckInAsync(meeting, PointsBot.Zhou, CheckInMethod.Code, default);
        clock.Advance(TimeSpan.FromHours(2));

        await Task.WhenAll(new[] { first, second, third, first, second, third }.Select(b => b.Get<AttendanceService>().CloseAsync(meeting, default)));

        var store = third.Get<IMemberPointsStore>();
        var zhao = Assert.Single(await store.ListPointsAsync(PointsBot.Zhao, 2026, default));
        Assert.Equal((2, "按时参会：支部党员大会"), (zhao.Points, zhao.Reason[..11]));
        Assert.Equal(1, Assert.Single(await store.ListPointsAsync(PointsBot.Zhou, 2026, default)).Points);
        Assert.Equal(-2, Assert.Single(await store.ListPointsAsync(PointsBot.Qian, 2026, default)).Points);
        Assert.Equal(
            new[] { new PointsStanding(PointsBot.Zhao, 2), new(PointsBot.Zhou, 1), new(PointsBot.Qian, -2), new(PointsBot.Wang, -2) }.OrderBy(s => s.MemberId, StringComparer.Ordinal),
            (await store.BranchPointsAsync(PointsBot.Branch1, 2026, default)).OrderBy(s => s.MemberId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task StatusChangedAfterTheClose_CorrectsTheEntry_NeverAddsASecond()
    {
        await using var bot = await PointsBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        await bot.SayAsync("oZhaoYi", "请假 出差在外");
        bot.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));
        await bot.Get<AttendanceService>().CloseAsync(meeting, default);
        var store = bot.Get<IMemberPointsStore>();

        // An undecided leave earns nothing yet; approved after the close it is 请假 (0), not 缺席.
        Assert.Empty(await store.ListPointsAsync(PointsBot.Zhao, 2026, default));
        Assert.Equal(HttpStatusCode.OK, (await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/leave/{PointsBot.Zhao}/approve", PointsBot.Branch1Key)).Status);
        Assert.Equal(HttpStatusCode.OK, (await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/leave/{PointsBot.Zhao}/approve", PointsBot.Branch1Key)).Status);
        var leave = Assert.Single(await store.ListPointsAsync(PointsBot.Zhao, 2026, default));
        Assert.Equal((0, PointsSourceKind.Attendance), (leave.Points, leave.Kind));
        Assert.StartsWith("请假：", leave.Reason);

        // 钱二 was absent (−2); the secretary checks him in late after the close, several times: one entry, now 迟到 (+1).
        Assert.Equal(-2, Assert.Single(await store.ListPointsAsync(PointsBot.Qian, 2026, default)).Points);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await bot.ApiAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/attendance/{PointsBot.Qian}/checkin", PointsBot.Branch1Key)).Status);
        }

        var late = Assert.Single(await store.ListPointsAsync(PointsBot.Qian, 2026, default));
        Assert.Equal(1, late.Points);
        Assert.StartsWith("迟到：", late.Reason);
        await bot.Get<AttendanceService>().CloseAsync(meeting, default);
        Assert.Equal(1, Assert.Single(await store.ListPointsAsync(PointsBot.Qian, 2026, default)).Points);
        Assert.Contains(await store.BranchPointsAsync(PointsBot.Branch1, 2026, default), s => s == new PointsStanding(PointsBot.Qian, 1));
    }

    [Fact]
    public async Task StudyPoints_FoldIntoTheYear_AtTheConfiguredRate()
    {
        await using var bot = await PointsBot.StartAsync();
        var rankings = bot.Get<BranchBot.Core.Study.IRankingStore>();
        await rankings.ApplyAsync([new(PointsBot.Zhao, PointsBot.Branch1, 14, new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero)),
            new(PointsBot.Zhao, PointsBot.Branch1, 13, new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.Zero)),
            new(PointsBot.Zhao, PointsBot.Branch1, 50, new DateTimeOffset(2025, 11, 1, 2, 0, 0, TimeSpan.Zero))], default);
        var year = await bot.Get<MemberPointsLedger>().YearAsync(PointsBot.Zhao, 2026, default);
        Assert.Equal((27, 2, 2), (year.StudyPoints, year.StudyFolded, year.Total));
        var (_, ranking) = await bot.ApiAsync(HttpMethod.Get, "/api/points/ranking?year=2026", PointsBot.Branch1Key);
        var row = ranking!["rows"]![0]!;
        Assert.Equal((1, "赵一", 2, 2), (row["rank"]!.GetValue<int>(), row["name"]!.GetValue<string>(), row["total"]!.GetValue<int>(), row["studyFolded"]!.GetValue<int>()));
    }
}
