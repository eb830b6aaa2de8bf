using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;

namespace BranchBot.Tests.Meetings;

public sealed class ReminderPlannerTests
{
    private static readonly ReminderPlanner Planner = new(new RemindersOptions());
    private static readonly AttendanceRecord[] One = [new("mt", "m1", AttendanceStatus.Pending)];

    private static Meeting MeetingAt(DateTimeOffset start) =>
        new("mt", "b", null, MeetingType.Committee, "支委会", start, start.AddHours(2), "三楼", null, null, MeetingStatus.Scheduled, 1, "secret", "t");

    private static DateTimeOffset China(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Plan_DaytimeMeeting_RemindsAtEachOffset()
    {
        var jobs = Planner.Plan(MeetingAt(China(26, 14, 30)), One, China(23, 10));
        Assert.Equal([China(25, 14, 30), China(26, 13, 30)], jobs.Select(j => j.Due).Order());
    }

    [Fact]
    public void Plan_OffsetsPassedAlready_SendsOneReminderNow()
    {
        var now = China(26, 14, 0);
        var job = Assert.Single(Planner.Plan(MeetingAt(China(26, 14, 30)), One, now));
        Assert.Equal(now, job.Due);
        Assert.Equal(ReminderPlanner.JobId("mt", "m1", TimeSpan.FromHours(1)), job.Id);
    }

    [Fact]
    public void Plan_DuringQuietHoursForAMeetingSoon_SendsOneReminderNotTwo()
    {
        var job = Assert.Single(Planner.Plan(MeetingAt(China(26, 2, 30)), One, China(26, 2, 0)));
        Assert.Equal(China(26, 2, 0), job.Due);
    }

    [Fact]
    public void Plan_EarlyMorningMeeting_MovesRemindersOutOfQuietHoursNeverAfterTheMeeting()
    {
        var jobs = Planner.Plan(MeetingAt(China(26, 7, 0)), One, China(23, 10));
        Assert.Equal([China(24, 21, 59), China(25, 21, 59)], jobs.Select(j => j.Due).Order());
        Assert.All(jobs, j => Assert.True(j.Due < China(26, 7, 0)));
    }

    [Fact]
    public void Plan_ExcusedCheckedInOrCancelled_PlansNothingForThem()
    {
        var start = China(26, 14, 30);
        AttendanceRecord[] records = [new("mt", "leave", AttendanceStatus.LeaveRequested), new("mt", "in", AttendanceStatus.Present), new("mt", "todo", AttendanceStatus.Pending)];
        Assert.All(Planner.Plan(MeetingAt(start), records, China(23, 10)), j => Assert.Equal("todo", j.MemberId));
        Assert.Empty(Planner.Plan(MeetingAt(start) with { Status = MeetingStatus.Cancelled }, records, China(23, 10)));
        Assert.Empty(Planner.Plan(MeetingAt(start), records, start));
    }

    [Fact]
    public void Plan_TypeWithItsOwnOffsets_UsesThem()
    {
        var planner = new ReminderPlanner(new RemindersOptions { TypeOffsets = { ["Committee"] = "2.00:00:00,00:30:00" } });
        var jobs = planner.Plan(MeetingAt(China(26, 14, 30)), One, China(23, 10));
        Assert.Equal([China(24, 14, 30), China(26, 14, 0)], jobs.Select(j => j.Due).Order());
    }
}
