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

        var dues = options.OffsetsFor(meeting.Type)
            .Select(offset => (Offset: offset, Due: OutOfQuietHours(meeting.Start - offset, now)))
            .ToList();

        // Offsets already past are dropped; if all are, one reminder goes out now.
        var upcoming = dues.Where(d => d.Due >= now).ToList();
        if (upcoming.Count == 0 && dues.Count > 0)
        {
            upcoming.Add((dues[^1].Offset, now));
        }

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
