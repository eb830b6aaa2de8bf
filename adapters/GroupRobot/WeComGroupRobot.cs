using System.Text;
using BranchBot.Core.Competitions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>
/// <see cref="IGroupRobot"/> for WeCom (企业微信) group robots. Checks the address against
/// <see cref="GroupRobotOptions.AllowedHosts"/>, cuts the content to the robot's 4096 bytes and queues the message for
/// its webhook; <see cref="GroupRobotDispatcher"/> posts it when the webhook's per-minute limit allows. Returns as soon
/// as the message is queued. Refused messages (address not allowed, nothing to say, queue full, stopped) are logged, not thrown.
/// </summary>
internal sealed class WeComGroupRobot(WebhookQueues queues, IOptions<GroupRobotOptions> options, ILogger<WeComGroupRobot> logger) : IGroupRobot
{
    private readonly WebhookAddress _addresses = new(options.Value.AllowedHosts);

    public Task PostMarkdownAsync(string webhookUrl, string topic, string markdown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookUrl);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(markdown);
        cancellationToken.ThrowIfCancellationRequested();

        var address = _addresses.Accept(webhookUrl, out var reason);
        if (address is null)
        {
            Log.AddressRefused(logger, WebhookAddress.Describe(webhookUrl), topic, reason);
            return Task.CompletedTask;
        }

        var name = WebhookAddress.Describe(address);
        if (string.IsNullOrWhiteSpace(markdown))
        {
            Log.NothingToPost(logger, name, topic);
            return Task.CompletedTask;
        }

        var content = RobotMessage.Truncate(markdown);
        if (content.Length < markdown.Length)
        {
            Log.Truncated(logger, name, topic, Encoding.UTF8.GetByteCount(markdown), RobotMessage.ContentLimitBytes);
        }

        var (queue, result) = queues.Enqueue(address, topic, content);
        switch (result)
        {
            case Enqueued.Queued:
                Log.Queued(logger, name, topic, queue?.Count ?? 0);
                break;
            case Enqueued.Superseded:
                Log.Superseded(logger, name, topic);
                break;
            case Enqueued.Full:
                Log.QueueFull(logger, name, topic, WebhookQueue.MaxWaiting);
                break;
            default:
                Log.Stopped(logger, name, topic);
                break;
        }

        return Task.CompletedTask;
    }
}
