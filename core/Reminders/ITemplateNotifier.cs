namespace BranchBot.Core.Reminders;

/// <summary>Port for WeChat template messages (or the local outbox in the embedded default).</summary>
public interface ITemplateNotifier
{
    /// <summary>False when no template is configured: notices go by SMS.</summary>
    bool Enabled { get; }

    /// <summary>Sends once per <paramref name="notice"/>'s ClientMsgId (WeChat drops a repeat within its window).</summary>
    Task<NoticeResult> SendAsync(TemplateNotice notice, CancellationToken cancellationToken);
}

/// <summary>The notice's placeholder values (<see cref="NoticeTexts.Placeholders"/>) and its plain text; <paramref name="Url"/> is opened from the message.</summary>
public sealed record TemplateNotice(string OpenId, string ClientMsgId, IReadOnlyDictionary<string, NoticeValue> Values, string Text, string? Url = null);

public enum NoticeStatus
{
    Sent,
    /// <summary>The member cannot be reached this way (unfollowed, blocked): use another channel.</summary>
    Unreachable,
    /// <summary>Failed for a reason a retry cannot fix.</summary>
    Failed,
    /// <summary>Failed for now (busy, network): try again later.</summary>
    Retry,
}

/// <summary>
/// What the channel said. <paramref name="Misconfigured"/>: the refusal comes from our settings, not from this member
/// (a value that breaks a field's type, errcode 47003); <paramref name="Field"/> names the field when known.
/// </summary>
public sealed record NoticeResult(NoticeStatus Status, string? Code = null, string? Detail = null, bool Misconfigured = false, string? Field = null);
