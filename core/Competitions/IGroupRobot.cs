namespace BranchBot.Core.Competitions;

/// <summary>
/// Port for posting into a group chat through its robot webhook (WeCom 企业微信 群机器人). Robots accept about 20 messages
/// a minute, so an implementation throttles per webhook and, when over the limit, merges: of the messages waiting under
/// the same <paramref name="topic"/> only the newest is sent.
/// </summary>
public interface IGroupRobot
{
    /// <param name="webhookUrl">The robot's webhook address (from configuration or the create command).</param>
    /// <param name="topic">Messages of one topic supersede each other (e.g. "standings" of a room).</param>
    Task PostMarkdownAsync(string webhookUrl, string topic, string markdown, CancellationToken cancellationToken);
}
