using BranchBot.Core.Meetings;
using BranchBot.Core.Ratings;
using BranchBot.Tests.Bulletins;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Ratings;

/// <summary>A closed period's stars are kept as they were when it closed, whatever changes afterwards and however many instances snapshot it.</summary>
public sealed class RatingSnapshotTests
{
    [Fact]
    public async Task ClosedPeriod_KeepsItsStars_WhenDataAndAwardsChangeLater_AndThreeInstancesSnapshotOnce()
    {
        var clock = BulletinBot.November();
        var robot = new RecordingRobot();
        await using var first = await BulletinBot.StartAsync(clock, robot);
        await using var second = await BulletinBot.StartAsync(clock, robot, first.Prefix);
        await using var third = await BulletinBot.StartAsync(clock, robot, first.Prefix);
        var meeting = await BulletinBot.SeedNovemberAsync(first);
        var branch = await first.BranchIdAsync("测试第一支部");
        var november = RatingPeriod.Parse("2026-11")!;

        // While November runs its stars are live, and nothing is stored.
        Assert.False((await first.Get<RatingService>().BranchAsync(branch, november, default))!.Final);
        Assert.Empty(await first.Get<IRatingStore>().GetSnapshotsAsync("2026-11", default));

        clock.Advance(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) - clock.GetUtcNow());
        await Task.WhenAll(new[] { first, second, third }.Select(b => b.Get<RatingService>().SnapshotClosedAsync(default)));
        var snapshots = await first.Get<IRatingStore>().GetSnapshotsAsync("2026-11", default);
        Assert.Equal(2, snapshots.Count);
        var closed = snapshots.Single(s => s.BranchId == branch);
        Assert.True(closed.Final);

        // Later: a 特色 star awarded and the absentee's attendance changed; November does not move, December sees the award.
        await first.Get<IRatingStore>().ChangeAwardAsync(new StarAward(branch, StarKind.Feature4, true, "十二月评定", "admin", clock.GetUtcNow()), default);
        await first.Get<IMeetingStore>().ChangeAttendanceAsync(new AttendanceRecord(meeting.Id, MeetingBot.MemberId("13800001234"), AttendanceStatus.Present, meeting.Start, CheckInMethod.BySecretary), [AttendanceStatus.Absent], default);
        clock.Advance(TimeSpan.FromHours(1));

        var again = (await second.Get<RatingService>().BranchAsync(branch, november, default))!;
        Assert.Equal((closed.Count, closed.TakenAt, closed.Figures.Present), (again.Count, again.TakenAt, again.Figures.Present));
        Assert.Equal(2, again.Figures.Present);
        Assert.DoesNotContain(again.Stars, s => s.Kind == StarKind.Feature4 && s.Awarded);
        var december = (await third.Get<RatingService>().BranchAsync(branch, RatingPeriod.Parse("2026-12")!, default))!;
        Assert.Contains(december.Stars, s => s.Kind == StarKind.Feature4 && s.Awarded);

        var history = await first.Get<RatingService>().HistoryAsync(branch, RatingPeriod.Parse("2026-12")!, default);
        Assert.Equal(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"], history.Select(h => h.PeriodKey));
        Assert.Equal((closed.Count, true, false), (history[4].Stars, history[4].Final, history[5].Final));
    }
}
