namespace BranchBot.Bot.Hosting;

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
