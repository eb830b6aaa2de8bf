using Microsoft.Extensions.Logging;

namespace BranchBot.Adapters.Sms;

/// <summary>The project's log lines. Phones appear masked, parameters and secrets never.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "SMS (log provider) to {Phone}, template {Template}, correlation {CorrelationId}: {MessageId}")]
    public static partial void SmsLogged(ILogger logger, string phone, string template, string correlationId, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS via {Provider} to {Phone}, template {Template}, correlation {CorrelationId}: sent as {MessageId}")]
    public static partial void SmsSent(ILogger logger, string provider, string phone, string template, string correlationId, string? messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS via {Provider} to {Phone}, template {Template}, correlation {CorrelationId}: not sent, {Code} {Error} (retryable: {Retryable})")]
    public static partial void SmsNotSent(ILogger logger, string provider, string phone, string template, string correlationId, string? code, string? error, bool retryable);
}
