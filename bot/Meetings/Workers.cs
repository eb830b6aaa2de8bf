using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;
using BranchBot.Core.Telemetry;

namespace BranchBot.Bot.Meetings;

/// <summary>A loop that runs one step, waits, and backs off (up to a minute) while the step keeps failing.</summary>
internal abstract partial class RepeatingWorker(TimeProvider time, ILogger logger) : BackgroundService
{
    protected abstract string Name { get; }

    /// <summary>Runs one step; returns true to run again at once (more work is waiting).</summary>
    protected abstract Task<bool> StepAsync(CancellationToken cancellationToken);

    protected abstract TimeSpan Interval { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var more = await StepAsync(stoppingToken);
                failures = 0;
                if (more)
                {
                    continue;
                }

                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                LogFailed(logger, e, Name, failures);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, failures))), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker} failed ({Failures} in a row); backing off")]
    private static partial void LogFailed(ILogger logger, Exception exception, string worker, int failures);
}

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

/// <summary>Marks absentees when check-in windows close, and queues 补学 notices.</summary>
internal sealed partial class AttendanceCloser(IMeetingStore meetings, AttendanceService attendance, TimeProvider time, ILogger<AttendanceCloser> logger)
    : RepeatingWorker(time, logger)
{
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;

    protected override string Name => "Attendance closing";

    protected override TimeSpan Interval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        var (due, failed) = await CloseDueAsync(cancellationToken);
        return due == 100 && failed < due;
    }

    /// <summary>Closes up to 100 due meetings; returns how many were due and how many failed (they stay due).</summary>
    internal async Task<(int Due, int Failed)> CloseDueAsync(CancellationToken cancellationToken)
    {
        var due = await meetings.DueForClosingAsync(_time.GetUtcNow(), 100, cancellationToken);
        var failed = 0;
        foreach (var id in due)
        {
            try
            {
                if (await meetings.GetMeetingAsync(id, cancellationToken) is { } meeting)
                {
                    await attendance.CloseAsync(meeting, cancellationToken);
                }
                else
                {
                    await meetings.MarkClosedAsync(id, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One meeting that cannot be closed stays due and is tried again next round; the others carry on.
                failed++;
                LogMeetingFailed(_logger, e, id);
            }
        }

        return (due.Count, failed);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing the attendance of meeting {MeetingId} failed; the other meetings carry on")]
    private static partial void LogMeetingFailed(ILogger logger, Exception exception, string meetingId);
}

/// <summary>Warns secretaries of branches behind the 三会一课 cadence.</summary>
internal sealed class ComplianceWorker(ComplianceMonitor monitor, ComplianceOptions options, TimeProvider time, ILogger<ComplianceWorker> logger)
    : RepeatingWorker(time, logger)
{
    protected override string Name => "Compliance check";

    protected override TimeSpan Interval => options.CheckInterval;

    protected override async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        if (options.Enabled)
        {
            await monitor.RunOnceAsync(cancellationToken);
        }

        return false;
    }
}
