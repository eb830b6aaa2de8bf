using Microsoft.Extensions.Logging;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>The project's log lines. Webhooks appear without their key, message contents never.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Group robot {Webhook}, topic {Topic}: not queued, the address is refused ({Reason})")]
    public static partial void AddressRefused(ILogger logger, string webhook, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group robot {Webhook}, topic {Topic}: not queued, the message is empty")]
    public static partial void NothingToPost(ILogger logger, string webhook, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group robot {Webhook}, topic {Topic}: content of {Bytes} bytes cut to the robot's {Limit}")]
    public static partial void Truncated(ILogger logger, string webhook, string topic, int bytes, int limit);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Group robot {Webhook}, topic {Topic}: queued ({Waiting} waiting)")]
    public static partial void Queued(ILogger logger, string webhook, string topic, int waiting);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Group robot {Webhook}, topic {Topic}: queued, replacing the waiting message of this topic")]
    public static partial void Superseded(ILogger logger, string webhook, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group robot {Webhook}, topic {Topic}: not queued, {Limit} messages already wait")]
    public static partial void QueueFull(ILogger logger, string webhook, string topic, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group robot {Webhook}, topic {Topic}: not queued, the sender has stopped")]
    public static partial void Stopped(ILogger logger, string webhook, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Group robot {Webhook}, topic {Topic}: posted")]
    public static partial void Posted(ILogger logger, string webhook, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group robot {Webhook}, topic {Topic}: not posted, {Code} {Error}")]
    public static partial void NotPosted(ILogger logger, string webhook, string topic, string? code, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group robot {Webhook}, topic {Topic}: the robot's per-minute limit (45009); pausing the webhook for {Pause}")]
    public static partial void RateLimited(ILogger logger, string webhook, string topic, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Group robot {Webhook}, topic {Topic}: turned away (45009), and a newer message of the topic waits; dropped for it")]
    public static partial void SupersededAfterRateLimit(ILogger logger, string webhook, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Group robot {Webhook}: the send loop failed; continuing")]
    public static partial void LoopFailed(ILogger logger, string webhook, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Group robot {Webhook}: idle, its queue is dropped")]
    public static partial void Evicted(ILogger logger, string webhook);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group robot: stopped with {Count} messages still waiting; they were not posted")]
    public static partial void DroppedAtStop(ILogger logger, int count);
}
