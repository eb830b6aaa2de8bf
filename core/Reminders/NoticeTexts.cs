using System.Collections.Frozen;
using System.Globalization;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;

namespace BranchBot.Core.Reminders;

/// <summary>
/// The text of a notice, its placeholder values for template fields, and its SMS parameters in template order.
/// <paramref name="SmsTemplate"/> is our SMS template name for the notice's kind (mapped to the provider's under Sms:Templates).
/// </summary>
internal sealed record Notice(string Text, IReadOnlyDictionary<string, NoticeValue> Values, string SmsTemplate, IReadOnlyList<KeyValuePair<string, string>> SmsParameters);

public static class NoticeTexts
{
    /// <summary>The placeholders a template field may use, and what each holds.</summary>
    public static FrozenDictionary<string, PlaceholderShape> Placeholders { get; } = new Dictionary<string, PlaceholderShape>
    {
        ["kind"] = PlaceholderShape.Label,
        ["type"] = PlaceholderShape.Label,
        ["title"] = PlaceholderShape.FreeText,
        ["place"] = PlaceholderShape.FreeText,
        ["text"] = PlaceholderShape.FreeText,
        ["name"] = PlaceholderShape.PersonName,
        ["time"] = PlaceholderShape.Moment,
        ["end"] = PlaceholderShape.Moment,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The parameters of each SMS template, in order (Tencent Cloud takes them by position, Aliyun by name). An SMS
    /// cannot take a reply: the approved template text itself says where to ask leave (README, "Reminders").
    /// </summary>
    public static FrozenDictionary<ReminderKind, string[]> SmsParameterNames { get; } = new Dictionary<ReminderKind, string[]>
    {
        [ReminderKind.Reminder] = ["name", "title", "time", "place"],
        [ReminderKind.Changed] = ["title", "time", "place"],
        [ReminderKind.Cancelled] = ["title", "time"],
        [ReminderKind.MakeUp] = ["name", "title", "deadline"],
        [ReminderKind.Compliance] = ["title", "deadline"],
        [ReminderKind.LeaveAsked] = ["subject", "title", "time"],
        [ReminderKind.LeaveApproved] = ["title", "time"],
        [ReminderKind.LeaveRefused] = ["title", "time"],
        [ReminderKind.Bulletin] = ["title"],
    }.ToFrozenDictionary();

    /// <param name="subject">The name of the member the notice is about (<see cref="ReminderJob.Subject"/>), when it is not the recipient.</param>
    internal static Notice For(ReminderJob job, Meeting? meeting, Member member, RemindersOptions options, string? subject = null)
    {
        var title = meeting?.Title ?? job.Title ?? "支部工作";
        var start = meeting?.Start ?? job.Due;
        var when = ChinaTime.Format(start);
        var place = string.IsNullOrWhiteSpace(meeting?.Place) ? "另行通知" : meeting.Place;
        var text = job.Kind switch
        {
            ReminderKind.Reminder => $"【会议提醒】{member.Name}同志，{title}定于{when}在{place}召开，请准时参加。如需请假，请回复「请假 {LeaveDay(start)} 理由」。",
            ReminderKind.Changed => $"【会议变更】{title}调整为{when}召开，地点：{place}。",
            ReminderKind.Cancelled => $"【会议取消】原定于{when}召开的{title}已取消。",
            ReminderKind.MakeUp => $"【补学提醒】您未参加{when}召开的{title}，{job.Text ?? "请按要求完成补学"}。",
            ReminderKind.LeaveAsked => $"【请假审批】{subject}同志申请{when}召开的{title}请假，理由：{job.Text}。请回复「批准请假 {subject}」或「驳回请假 {subject}」，也可在书记工作台办理。",
            ReminderKind.LeaveApproved => $"【请假结果】您{when}召开的{title}的请假已获批准。",
            ReminderKind.LeaveRefused => $"【请假结果】您{when}召开的{title}的请假未获批准，{job.Text ?? "请按时参加"}。",
            _ => job.Text ?? "请关注支部工作安排。",
        };
        // Each kind is at most five characters, so the same words fill WeChat's phrase fields.
        var kind = job.Kind switch
        {
            ReminderKind.Reminder => "会议提醒",
            ReminderKind.Changed => "会议变更",
            ReminderKind.Cancelled => "会议取消",
            ReminderKind.MakeUp => "补学提醒",
            ReminderKind.LeaveAsked => "请假审批",
            ReminderKind.LeaveApproved => "请假获批",
            ReminderKind.LeaveRefused => "请假未获批",
            ReminderKind.Bulletin => "工作通报",
            _ => "工作提醒",
        };
        var type = meeting is null
            ? new NoticeValue.Text("支部工作", "支部工作")
            : new NoticeValue.Text(MeetingTypes.NameOf(meeting.Type), MeetingTypes.ShortNameOf(meeting.Type));
        var values = new Dictionary<string, NoticeValue>(StringComparer.Ordinal)
        {
            ["kind"] = new NoticeValue.Text(kind, kind),
            ["type"] = type,
            // A template shows a few short fields only: the title of a leave request names who asked.
            ["title"] = new NoticeValue.Text(job.Kind == ReminderKind.LeaveAsked ? $"{subject}请假：{title}" : title),
            ["place"] = new NoticeValue.Text(place),
            ["text"] = new NoticeValue.Text(text),
            ["name"] = new NoticeValue.Text(member.Name),
            ["time"] = new NoticeValue.Moment(start),
            ["end"] = new NoticeValue.Moment(meeting?.End ?? start),
        };

        var smsValues = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = member.Name,
            ["title"] = title,
            ["time"] = SmsTime(start),
            ["place"] = place,
            ["deadline"] = job.Deadline is { } deadline ? SmsTime(deadline) : "近期",
            ["subject"] = subject ?? string.Empty,
        };
        var sms = SmsParameterNames[job.Kind].Select(n => new KeyValuePair<string, string>(n, smsValues[n])).ToList();
        return new Notice(text, values, options.SmsTemplateFor(job.Kind), sms);
    }

    /// <summary>The meeting's day as 「请假」 takes it, so the leave goes to this meeting even when another comes first.</summary>
    internal static string LeaveDay(DateTimeOffset utc)
    {
        var t = ChinaTime.Local(utc);
        return string.Create(CultureInfo.InvariantCulture, $"{t.Month}月{t.Day}日");
    }

    /// <summary>An SMS time: short, and the same form a provider's "time" variable accepts.</summary>
    internal static string SmsTime(DateTimeOffset utc)
    {
        var t = ChinaTime.Local(utc);
        return string.Create(CultureInfo.InvariantCulture, $"{t.Month}月{t.Day}日 {t:HH:mm}");
    }
}
