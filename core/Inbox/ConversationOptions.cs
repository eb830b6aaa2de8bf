using System.ComponentModel.DataAnnotations;

namespace BranchBot.Core.Inbox;

/// <summary>Timing of the message path. Bound from the <c>Conversation</c> configuration section.</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversation";

    /// <summary>Idle time after which a member's session is forgotten (sliding).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a push's de-duplication record (and its reply) is kept; WeChat retries within ~15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan DedupTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After this, the webhook answers <c>success</c> and sends the reply later by customer-service message.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:04.500")]
    public TimeSpan ReplyBudget { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How many times a turn is re-run when other messages of the same member keep saving first.</summary>
    [Range(1, 50)]
    public int MaxConflictRetries { get; set; } = 8;
}
