using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using BranchBot.Adapters.WeChat;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Inbox;
using BranchBot.Core.Messaging;
using BranchBot.Core.Storage;
using BranchBot.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Webhook;

/// <summary>
/// The HTTP side of <c>/wechat</c>: authenticate and read the push, run it through the inbox within the reply
/// budget, and answer. Bad input gets a 4xx with a short reason; nothing a caller sends produces a 5xx.
/// </summary>
internal sealed partial class WebhookHandler(
    WeChatWebhook protocol,
    InboxProcessor inbox,
    ISharedState shared,
    DeferredReplies deferred,
    ConversationOptions conversation,
    IOptions<WeChatOptions> wechat,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    BotMetrics metrics,
    ILogger<WebhookHandler> logger)
{
    public async Task HandshakeAsync(HttpContext context)
    {
        var verdict = protocol.Handshake(ReadQuery(context.Request.Query));
        if (verdict.Rejection is { } rejection)
        {
            await RejectAsync(context, rejection);
            return;
        }

        await WriteAsync(context, 200, "text/plain", verdict.Value!);
    }

    public async Task PushAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request, wechat.Value.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await RejectAsync(context, new WebhookRejection(413, "body too large"));
            return;
        }

        var verdict = protocol.Read(ReadQuery(context.Request.Query), body.Value);
        if (verdict.Rejection is { } rejection)
        {
            await RejectAsync(context, rejection);
            return;
        }

        var push = verdict.Value!;
        var started = time.GetTimestamp();
        var messageType = MessageTypeOf(push.Message);
        var key = InboxKey.For(push.Message);
        using var activity = BotMetrics.Tracing.StartActivity("wechat.push");
        activity?.SetTag("branchbot.push.key", key);
        activity?.SetTag("branchbot.message_type", messageType);
        using var scope = PushScope(logger, key, messageType);
        string answer;
        string outcome;
        try
        {
            if (await ReplayedAsync(context, body.Value))
            {
                await RejectAsync(context, new WebhookRejection(401, "signature already used for another body"));
                return;
            }

            // Processing continues even if WeChat hangs up: the reply then goes out by customer-service message.
            var work = inbox.ProcessAsync(push.Message, reply => protocol.Render(reply, push), lifetime.ApplicationStopping);
            (answer, outcome) = await AnswerAsync(work, push, context.RequestAborted);
        }
        catch (StoreUnavailableException e)
        {
            // The member hears why nothing happened (the replay check or the inbox could not reach the store); the push
            // changed nothing that a resend would not redo.
            LogStoreUnavailable(logger, e, push.Message.GetType().Name);
            answer = protocol.Render(Reply.Text(InboxTexts.StoreBusy), push);
            outcome = "store_unavailable";
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogProcessingFailed(logger, e, push.Message.GetType().Name);
            answer = ReplyWriter.Success;
            outcome = "failed";
        }

        await WriteAsync(context, 200, answer == ReplyWriter.Success ? "text/plain" : "text/xml", answer);
        metrics.Push(messageType, outcome);
        metrics.ReplyDuration.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("message_type", messageType));
        activity?.SetTag("branchbot.outcome", outcome);
    }

    /// <summary>
    /// The replay cache. A plaintext push's signature covers only timestamp and nonce, not the body, so a captured
    /// query could carry any body within the timestamp window. Each (timestamp, nonce, signature) is remembered for
    /// twice the window, bound to a hash of its body: the same body again is WeChat's retry (the inbox's de-duplication
    /// answers it), another body is refused. One round trip, and none at all when plaintext is refused
    /// (<see cref="WeChatOptions.EncryptionRequired"/>): then every accepted push is bound to its body by msg_signature.
    /// </summary>
    private async Task<bool> ReplayedAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var options = wechat.Value;
        if (options.EncryptionRequired)
        {
            return false;
        }

        var q = context.Request.Query;
        var key = "replay:" + q["timestamp"] + ":" + q["nonce"] + ":" + q["signature"];
        var hash = Convert.ToHexStringLower(SHA256.HashData(body.Span).AsSpan(0, 16));
        var seen = await shared.AddOrGetAsync(key, hash, options.TimestampWindow * 2, context.RequestAborted);
        return seen is not null && !string.Equals(seen, hash, StringComparison.Ordinal);
    }

    /// <summary>A low-cardinality name for metrics, without allocating: the message type, or "event:" and the event.</summary>
    private static string MessageTypeOf(IncomingMessage message) => message switch
    {
        TextMessage => "text",
        ImageMessage => "image",
        VoiceMessage => "voice",
        VideoMessage => "video",
        LocationMessage => "location",
        LinkMessage => "link",
        SubscribeEvent => "event:subscribe",
        UnsubscribeEvent => "event:unsubscribe",
        ScanEvent => "event:scan",
        MenuClickEvent => "event:click",
        MenuViewEvent => "event:view",
        MenuScanEvent => "event:scancode",
        MenuPhotoEvent => "event:pic",
        LocationReportEvent => "event:location",
        TemplateSendFinishedEvent => "event:templatesendjobfinish",
        IncomingEvent => "event:unknown",
        _ => "unknown",
    };

    private async Task<(string Answer, string Outcome)> AnswerAsync(Task<InboxResult> work, InboundPush push, CancellationToken aborted)
    {
        InboxResult result;
        try
        {
            result = await work.WaitAsync(conversation.ReplyBudget, time, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            deferred.DeliverWhenDone(work, push.Message.Header.OpenId);
            return (ReplyWriter.Success, "deferred");
        }
        catch (TimeoutException) when (!work.IsFaulted)
        {
            LogBudgetExceeded(logger, conversation.ReplyBudget.TotalMilliseconds);
            deferred.DeliverWhenDone(work, push.Message.Header.OpenId);
            return (ReplyWriter.Success, "deferred");
        }

        switch (result)
        {
            case InboxResult.Handled { RetriedMeanwhile: true } handled:
                // WeChat already gave up on this request and got "success" for its retry.
                deferred.DeliverWhenDone(Task.FromResult<InboxResult>(handled), push.Message.Header.OpenId);
                return (ReplyWriter.Success, "deferred");
            case InboxResult.Handled handled:
                return (handled.Body, handled.Reply is NoReply ? "no_reply" : "replied");
            case InboxResult.Duplicate duplicate:
                return (duplicate.Body, "duplicate");
            default:
                return (ReplyWriter.Success, "in_progress");
        }
    }

    private static WebhookQuery ReadQuery(IQueryCollection q) => new(
        q["signature"].FirstOrDefault(),
        q["timestamp"].FirstOrDefault(),
        q["nonce"].FirstOrDefault(),
        q["echostr"].FirstOrDefault(),
        q["encrypt_type"].FirstOrDefault(),
        q["msg_signature"].FirstOrDefault(),
        q["openid"].FirstOrDefault());

    /// <summary>Reads at most <paramref name="limit"/> bytes; null if the body is larger.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min(limit, (int?)request.ContentLength ?? 4096) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }

    private async Task RejectAsync(HttpContext context, WebhookRejection rejection)
    {
        LogRejected(logger, rejection.StatusCode, rejection.Reason, context.Connection.RemoteIpAddress?.ToString());
        metrics.Rejected.Add(1, new KeyValuePair<string, object?>("reason", RejectionKind(rejection)));
        await WriteAsync(context, rejection.StatusCode, "text/plain", rejection.Reason);
    }

    /// <summary>The rejection as a metric tag: a fixed word, not the free text (which may quote the input).</summary>
    private static string RejectionKind(WebhookRejection rejection) => rejection switch
    {
        { StatusCode: 413 } => "too_large",
        { StatusCode: 403 } => "wrong_account",
        { StatusCode: 401, Reason: var r } when r.Contains("timestamp", StringComparison.OrdinalIgnoreCase) => "stale_timestamp",
        { StatusCode: 401, Reason: var r } when r.Contains("already used", StringComparison.Ordinal) => "replayed",
        { StatusCode: 401 } => "bad_signature",
        { Reason: var r } when r.Contains("crypt", StringComparison.OrdinalIgnoreCase) || r.Contains("AES", StringComparison.Ordinal) || r.Contains("plaintext", StringComparison.Ordinal) => "bad_encryption",
        { Reason: var r } when r.Contains("xml", StringComparison.OrdinalIgnoreCase) || r.Contains("DTD", StringComparison.Ordinal) || r.Contains("MsgType", StringComparison.Ordinal) => "bad_xml",
        _ => "bad_request",
    };

    private static Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType + "; charset=utf-8";
        return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body)).AsTask();
    }

    /// <summary>Every line logged while a push is handled names it (formatted only if a logger writes scopes).</summary>
    private static readonly Func<ILogger, string, string, IDisposable?> PushScope =
        LoggerMessage.DefineScope<string, string>("Push {PushKey} ({MessageType})");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push rejected with {Status}: {Reason} (from {Remote})")]
    private static partial void LogRejected(ILogger logger, int status, string reason, string? remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store could not be reached for a {MessageType} push; answered that the service is busy")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string messageType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing a {MessageType} push failed; answered success")]
    private static partial void LogProcessingFailed(ILogger logger, Exception exception, string messageType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply budget of {BudgetMs} ms exceeded; answered success, reply follows by customer-service message")]
    private static partial void LogBudgetExceeded(ILogger logger, double budgetMs);
}
