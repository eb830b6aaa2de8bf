using System.ComponentModel.DataAnnotations;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>Group robot (企业微信 群机器人) webhooks. Bound from the <c>GroupRobot</c> section (env: <c>GroupRobot__Retries</c>…).</summary>
public sealed class GroupRobotOptions
{
    public const string Section = "GroupRobot";

    /// <summary>Posts per webhook per minute. WeCom allows a robot 20 a minute; beyond that it answers errcode 45009.</summary>
    [Range(1, 20)]
    public int MessagesPerMinute { get; set; } = 20;

    /// <summary>Timeout of one POST. A timed-out post is never repeated: the group may already show it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a post the robot refused without showing it (HTTP 5xx, errcode -1, connection failed).</summary>
    [Range(0, 5)]
    public int Retries { get; set; } = 2;

    /// <summary>First backoff delay between retries (exponential, jittered).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Host names a webhook address may point at; any other address is refused without a call. Entries from configuration
    /// are added to the default (<c>GroupRobot:AllowedHosts:0=…</c>). Only https is used, except plain http to a
    /// loopback host (a local fake robot in tests).
    /// </summary>
    public List<string> AllowedHosts { get; set; } = ["qyapi.weixin.qq.com"];

    /// <summary>A webhook's queue with nothing to send for this long is dropped (a later message makes a new one).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleQueueLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The span <see cref="MessagesPerMinute"/> counts over. One minute; tests shorten it. Not bound from configuration.
    /// </summary>
    internal TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
