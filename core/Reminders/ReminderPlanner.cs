using BranchBot.Core.Meetings;

namespace BranchBot.Core.Reminders;

/// <summary>Turns a meeting into its reminder jobs: one per attendee and offset, moved out of quiet hours.</summary>
public sealed class ReminderPlanner(RemindersOptions options)
{
    public IReadOnlyList<ReminderJob> Plan(Meeting meeting, IEnumerable<AttendanceRecord> attendees, DateTimeOffset now)
    {
        if (meeting.Status == MeetingStatus.Cancelled || meeting.Start <= now)
        {
            return [];
        }

        var offsets = options.OffsetsFor(meeting.Type);
        var ahead = offsets.Where(o => meeting.Start - o > now).ToList();

        // Offsets already past are dropped; if all are, one reminder goes out now. Two reminders that quiet hours
        // move to the same moment become one (the one nearest the meeting).
        var upcoming = (ahead.Count > 0 ? ahead.Select(o => (Offset: o, Due: OutOfQuietHours(meeting.Start - o, now))) : [(offsets.Min(), now)])
            .GroupBy(d => d.Due)
            .Select(g => g.MinBy(d => d.Offset))
            .ToList();

        return attendees
            .Where(a => !a.Excused && !a.CheckedIn)
            .SelectMany(a => upcoming.Select(d => new ReminderJob(JobId(meeting.Id, a.MemberId, d.Offset), ReminderKind.Reminder, meeting.Id, a.MemberId, d.Due, meeting.Version)))
            .ToList();
    }

    public static string JobId(string meetingId, string memberId, TimeSpan offset) => $"r:{meetingId}:{memberId}:{(long)offset.TotalMinutes}";

    /// <summary>
    /// A time inside quiet hours (Asia/Shanghai) moves to just before they began; never before <paramref name="now"/>.
    /// </summary>
    public DateTimeOffset OutOfQuietHours(DateTimeOffset due, DateTimeOffset now)
    {
        var local = ChinaTime.Local(due);
        var clock = local.TimeOfDay;
        var start = options.QuietStart;
        var end = options.QuietEnd;
        var quiet = start <= end ? clock >= start && clock < end : clock >= start || clock < end;
        if (!quiet)
        {
            return due;
        }

        var day = clock >= start ? local.Date : local.Date.AddDays(-1);
        var moved = new DateTimeOffset(day + start - TimeSpan.FromMinutes(1), local.Offset).ToUniversalTime();
        return moved < now ? now : moved;
    }
}
