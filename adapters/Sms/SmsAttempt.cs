using BranchBot.Core.Reminders;

namespace BranchBot.Adapters.Sms;

/// <summary>
/// One call's outcome: the result for the caller, and whether the pipeline may repeat the call now. Only calls the
/// provider refused without sending (system busy, API throttled) are repeated; an ambiguous outcome never is.
/// </summary>
internal sealed record SmsAttempt(SmsResult Result, bool RetryNow)
{
    public static SmsAttempt Sent(string? providerMessageId) => new(SmsResult.Ok(providerMessageId), false);

    /// <summary>Not sent, and repeating the call in a moment may well succeed.</summary>
    public static SmsAttempt Transient(string code, string error) => new(SmsResult.Failed(code, error, true), true);

    /// <summary>Not sent; trying again later can help, trying again now cannot (per-number hourly limit).</summary>
    public static SmsAttempt Later(string code, string error) => new(SmsResult.Failed(code, error, true), false);

    /// <summary>Not sent (or not known to be sent), and a retry cannot help or could deliver twice.</summary>
    public static SmsAttempt Final(string code, string error) => new(SmsResult.Failed(code, error, false), false);

    /// <summary>Not sent because of our settings (template, signature, a parameter the template refuses): the admin must act.</summary>
    public static SmsAttempt Misconfigured(string code, string error) => new(SmsResult.Refused(code, error), false);
}
