using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;
using BranchBot.Core.Telemetry;

using BranchBot.Bot.Hosting;

namespace BranchBot.Bot.Reminders;

/// <summary>Sends due reminders; instances share the queue, each claim leased so none is sent twice.</summary>
internal sealed class ReminderWorker(ReminderDispatcher dispatcher, IReminderQueue queue, BotMetrics metrics, RemindersOptions options, TimeProvider time, ILogger<ReminderWorker> logger)
    : RepeatingWorker(time, logger)
{
    /// <summary>The queue's gauges are sampled this often (one batched read), not on every poll.</summary>
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(15);

    private readonly TimeProvider _time = time;
    private DateTimeOffset _sampled = DateTimeOffset.MinValue;

    protected override string Name => "Reminder dispatch";

    protected override TimeSpan Interval => options.PollInterval;

    protected override async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now - _sampled >= SampleEvery)
        {
            _sampled = now;
            var stats = await queue.GetStatsAsync(cancellationToken);
            metrics.ReminderQueue.Record(stats.Waiting, stats.EarliestDue is { } due ? now - due : TimeSpan.Zero);
        }

        return await dispatcher.DispatchDueAsync(cancellationToken) >= options.BatchSize;
    }
}
