namespace BranchBot.Core.Reminders;

/// <summary>
/// Port for one SMS provider (Aliyun, Tencent Cloud, or a log for the embedded default). Providers do not de-duplicate,
/// so <see cref="SmsMessage.CorrelationId"/> carries our delivery id (Aliyun OutId, Tencent SessionContext) for tracing,
/// and the caller makes sure a delivery is sent at most once.
/// </summary>
public interface ISmsSender
{
    /// <summary>"aliyun", "tencent" or "log".</summary>
    string Provider { get; }

    Task<SmsResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// One text to one phone. <paramref name="Template"/> is our template name (e.g. "MeetingReminder"), mapped to the
/// provider's approved template in configuration; <paramref name="Parameters"/> are in template order.
/// </summary>
public sealed record SmsMessage(string Phone, string Template, IReadOnlyList<KeyValuePair<string, string>> Parameters, string CorrelationId);

/// <summary>
/// What the provider said. A failure is an expected outcome, with the provider's code and whether a retry can help;
/// <paramref name="Misconfigured"/>: the provider refused our settings (template, signature, a parameter over its
/// limit), not this member's number.
/// </summary>
public sealed record SmsResult(bool Sent, string? ProviderMessageId, string? ErrorCode, string? Error, bool Retryable, bool Misconfigured = false)
{
    public static SmsResult Ok(string? providerMessageId) => new(true, providerMessageId, null, null, false);

    public static SmsResult Failed(string code, string error, bool retryable) => new(false, null, code, error, retryable);

    public static SmsResult Refused(string code, string error) => new(false, null, code, error, false, Misconfigured: true);
}
