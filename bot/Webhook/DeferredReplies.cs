using System.Collections.Concurrent;
using BranchBot.Core.Inbox;
using BranchBot.Core.Messaging;
using BranchBot.Core.Telemetry;

namespace BranchBot.Bot.Webhook;

/// <summary>
/// Replies that missed the passive-reply window go out through the messenger (customer-service message) once
/// their processing finishes. Shutdown waits for them, so a graceful stop loses none.
/// </summary>
internal sealed partial class DeferredReplies : IHostedService
{
    private readonly ConcurrentDictionary<Task, byte> _pending = new();
    private readonly IMessenger messenger;
    private readonly IHostApplicationLifetime lifetime;
    private readonly ILogger<DeferredReplies> logger;

    public DeferredReplies(IMessenger messenger, IHostApplicationLifetime lifetime, ILogger<DeferredReplies> logger, BotMetrics metrics)
    {
        this.messenger = messenger;
        this.lifetime = lifetime;
        this.logger = logger;
        metrics.Meter.CreateObservableGauge("branchbot.replies.deferred.pending", () => _pending.Count, "{reply}",
            "Replies that missed the passive-reply window and wait to go out by customer-service message.");
    }

    public int PendingCount => _pending.Count;

    public void DeliverWhenDone(Task<InboxResult> work, string openId)
    {
        var delivery = DeliverAsync(work, openId);
        _pending.TryAdd(delivery, 0);
        _ = delivery.ContinueWith(t => _pending.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task DeliverAsync(Task<InboxResult> work, string openId)
    {
        try
        {
            if (await work is InboxResult.Handled { Reply: TextReply text })
            {
                var result = await messenger.SendTextAsync(openId, text.Content, lifetime.ApplicationStopping);
                if (!result.Delivered)
                {
                    LogSendFailed(logger, result.ErrorCode, result.Error);
                }
            }
        }
        catch (Exception e)
        {
            LogFailed(logger, e);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_pending.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogAbandoned(logger, _pending.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferred reply not delivered: errcode {Code} {Error}")]
    private static partial void LogSendFailed(ILogger logger, string? code, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deferred reply failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown: {Count} deferred replies still running were abandoned")]
    private static partial void LogAbandoned(ILogger logger, int count);
}
