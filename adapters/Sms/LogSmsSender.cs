using System.Globalization;
using BranchBot.Core.Reminders;
using Microsoft.Extensions.Logging;

namespace BranchBot.Adapters.Sms;

/// <summary>
/// The "log" provider for the embedded default and tests: logs the masked phone and the template name, keeps the last
/// <see cref="Capacity"/> messages in memory (<see cref="Sent"/>) and reports them sent.
/// </summary>
public sealed class LogSmsSender(ILogger<LogSmsSender> logger, TimeProvider time) : ISmsSender
{
    public const int Capacity = 1000;

    private readonly Queue<LoggedSms> _sent = new();
    private readonly Lock _gate = new();
    private long _count;

    public string Provider => SmsOptions.LogProvider;

    /// <summary>The most recent messages, oldest first.</summary>
    public IReadOnlyList<LoggedSms> Sent
    {
        get
        {
            lock (_gate)
            {
                return _sent.ToArray();
            }
        }
    }

    public Task<SmsResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = "log-" + Interlocked.Increment(ref _count).ToString(CultureInfo.InvariantCulture);
        Log.SmsLogged(logger, PhoneNumber.Mask(message.Phone), message.Template, message.CorrelationId, id);
        lock (_gate)
        {
            _sent.Enqueue(new LoggedSms(message, id, time.GetUtcNow()));
            while (_sent.Count > Capacity)
            {
                _sent.Dequeue();
            }
        }

        return Task.FromResult(SmsResult.Ok(id));
    }
}

/// <summary>One message the log provider took, with the id it answered and when.</summary>
public sealed record LoggedSms(SmsMessage Message, string ProviderMessageId, DateTimeOffset At);
