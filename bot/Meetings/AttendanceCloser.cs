using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;
using BranchBot.Core.Telemetry;

using BranchBot.Bot.Hosting;

namespace BranchBot.Bot.Meetings;

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
