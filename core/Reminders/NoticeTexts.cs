using BranchBot.Core.Meetings;
using BranchBot.Core.Members;

namespace BranchBot.Core.Reminders;

/// <summary>The text of a notice, and its parts for template fields and SMS parameters.</summary>
internal sealed record Notice(string Text, IReadOnlyDictionary<string, string> Values, IReadOnlyList<KeyValuePair<string, string>> SmsParameters);

internal static class NoticeTexts
{
    public static Notice For(ReminderJob job, Meeting? meeting, Member member)
    {
        var title = meeting?.Title ?? job.Title ?? "支部工作";
        var when = meeting is null ? string.Empty : ChinaTime.Format(meeting.Start);
        var place = meeting?.Place ?? string.Empty;
        var text = job.Kind switch
        {
            ReminderKind.Reminder => $"【会议提醒】{member.Name}您好，{title}将于{when}在{place}召开，请准时参加。如需请假请回复「请假 理由」。",
            ReminderKind.Changed => $"【会议变更】{title}调整为{when}，地点：{place}。",
            ReminderKind.Cancelled => $"【会议取消】原定{when}的{title}已取消。",
            ReminderKind.MakeUp => $"【补学提醒】您未参加{when}的{title}，{job.Text ?? "请按要求完成补学"}。",
            _ => job.Text ?? "请关注支部工作安排。",
        };
        var kind = job.Kind switch
        {
            ReminderKind.Reminder => "会议提醒",
            ReminderKind.Changed => "会议变更",
            ReminderKind.Cancelled => "会议取消",
            ReminderKind.MakeUp => "补学提醒",
            _ => "三会一课提醒",
        };
        var values = new Dictionary<string, string>
        {
            ["kind"] = kind,
            ["title"] = title,
            ["type"] = meeting is null ? "支部工作" : MeetingTypes.NameOf(meeting.Type),
            ["time"] = when,
            ["place"] = place,
            ["name"] = member.Name,
            ["text"] = text,
        };
        IReadOnlyList<KeyValuePair<string, string>> sms = [new("name", member.Name), new("title", title), new("time", when), new("place", place), new("text", text)];
        return new Notice(text, values, sms);
    }
}
