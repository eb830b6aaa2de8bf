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

    /// <summary>The WeChat template for reminders; empty: reminders go by SMS only.</summary>
    public string TemplateId { get; set; } = string.Empty;

    /// <summary>
    /// Template field → value, with placeholders {kind} {title} {type} {time} {place} {name} {text}; each value is cut to 20
    /// characters as WeChat requires.
    /// </summary>
    public Dictionary<string, string> TemplateFields { get; set; } = new()
    {
        ["thing1"] = "{title}",
        ["time2"] = "{time}",
        ["thing3"] = "{place}",
        ["thing4"] = "{kind}",
    };

    /// <summary>Our SMS template name (mapped to the provider's template under Sms:Templates).</summary>
    public string SmsTemplate { get; set; } = "MeetingReminder";

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

    public IReadOnlyList<TimeSpan> OffsetsFor(MeetingType type) =>
        (TypeOffsets.TryGetValue(type.ToString(), out var custom) ? custom : Offsets)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => TimeSpan.Parse(s, CultureInfo.InvariantCulture))
            .OrderDescending()
            .ToArray();
}
