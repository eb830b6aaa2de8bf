using System.ComponentModel.DataAnnotations;
using System.Globalization;
using BranchBot.Core.Meetings;

namespace BranchBot.Core.Reminders;

/// <summary>When and how members are reminded. Section <c>Reminders</c>.</summary>
public sealed class RemindersOptions
{
    public const string Section = "Reminders";

    /// <summary>Reminder offsets before the start, comma-separated TimeSpans (default 24 h and 1 h).</summary>
    [RegularExpression(@"^\s*[\d.:]+(\s*,\s*[\d.:]+)*\s*$", ErrorMessage = "Reminders:Offsets must be TimeSpans separated by commas, e.g. \"1.00:00:00,01:00:00\".")]
    public string Offsets { get; set; } = "1.00:00:00,01:00:00";

    /// <summary>Offsets for one meeting type, by <see cref="MeetingType"/> name (e.g. "PartyCongress": "3.00:00:00,1.00:00:00,01:00:00").</summary>
    public Dictionary<string, string> TypeOffsets { get; set; } = [];

    /// <summary>Quiet hours (Asia/Shanghai): a reminder due inside them is sent earlier, at the last minute before they begin.</summary>
    public TimeSpan QuietStart { get; set; } = new(22, 0, 0);

    public TimeSpan QuietEnd { get; set; } = new(7, 30, 0);

    /// <summary>The WeChat template for notices; empty: notices go by SMS only.</summary>
    public string TemplateId { get; set; } = string.Empty;

    /// <summary>
    /// "template" (模板消息, message/template/send) or "subscribe" (订阅通知, message/subscribe/bizsend): the same fields
    /// and value rules, a different API.
    /// </summary>
    [RegularExpression("^(template|subscribe)$", ErrorMessage = "Reminders:TemplateApi must be \"template\" or \"subscribe\".")]
    public string TemplateApi { get; set; } = "template";

    /// <summary>
    /// Template keyword → value, with placeholders {kind} {type} {title} {place} {text} {name} {time} {end}. A keyword's
    /// name carries its type (thing3 → thing, time2 → time); each value is written as that type requires and a mapping
    /// no value could satisfy stops start-up. Empty: <see cref="DefaultTemplateFields"/> (configuration binding adds
    /// to a dictionary rather than replacing it, so the default is not pre-filled here).
    /// </summary>
    public Dictionary<string, string> TemplateFields { get; set; } = [];

    public static IReadOnlyDictionary<string, string> DefaultTemplateFields { get; } = new Dictionary<string, string>
    {
        ["thing1"] = "{title}",
        ["time2"] = "{time}",
        ["thing3"] = "{place}",
        ["thing4"] = "{kind}",
    };

    /// <summary>The mapping in force.</summary>
    public IReadOnlyDictionary<string, string> EffectiveTemplateFields => TemplateFields.Count > 0 ? TemplateFields : DefaultTemplateFields;

    /// <summary>Our SMS template name per kind of notice, mapped to the provider's approved template under Sms:Templates.</summary>
    public Dictionary<string, string> SmsTemplates { get; set; } = new()
    {
        [nameof(ReminderKind.Reminder)] = "MeetingReminder",
        [nameof(ReminderKind.Changed)] = "MeetingChanged",
        [nameof(ReminderKind.Cancelled)] = "MeetingCancelled",
        [nameof(ReminderKind.MakeUp)] = "MakeUpStudy",
        [nameof(ReminderKind.Compliance)] = "ComplianceWarning",
        [nameof(ReminderKind.LeaveAsked)] = "LeaveAsked",
        [nameof(ReminderKind.LeaveApproved)] = "LeaveApproved",
        [nameof(ReminderKind.LeaveRefused)] = "LeaveRefused",
        [nameof(ReminderKind.Bulletin)] = "MonthlyBulletin",
    };

    /// <summary>Run the reminder, attendance-closing and compliance workers in this instance (off: they run elsewhere).</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>A claimed reminder not finished within this time goes back to the queue (crash safety).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 5000)]
    public int BatchSize { get; set; } = 500;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Tries of a retryable failure before falling back to SMS.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many deliveries run at once.</summary>
    [Range(1, 512)]
    public int Parallelism { get; set; } = 32;

    /// <summary>How long delivery markers (the exactly-once guard) are kept.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "400.00:00:00")]
    public TimeSpan DeliveryMemory { get; set; } = TimeSpan.FromDays(60);

    public string SmsTemplateFor(ReminderKind kind) =>
        SmsTemplates.TryGetValue(kind.ToString(), out var name) && !string.IsNullOrWhiteSpace(name) ? name : "Meeting" + kind;

    public IReadOnlyList<TimeSpan> OffsetsFor(MeetingType type) =>
        (TypeOffsets.TryGetValue(type.ToString(), out var custom) ? custom : Offsets)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => TimeSpan.Parse(s, CultureInfo.InvariantCulture))
            .OrderDescending()
            .ToArray();
}
