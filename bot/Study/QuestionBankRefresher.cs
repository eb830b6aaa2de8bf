using BranchBot.Core.Study;

namespace BranchBot.Bot.Study;

/// <summary>Loads the question bank at start and picks up imports made through any instance (every 15 s).</summary>
internal sealed partial class QuestionBankRefresher(QuestionBankCache cache, TimeProvider time, ILogger<QuestionBankRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store may be down at start; the loop below keeps trying.
            LogFailed(logger, e);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (await cache.RefreshAsync(cancellationToken))
        {
            LogLoaded(logger, cache.Current.All.Count, cache.Current.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Question bank loaded: {Count} questions (version {Version})")]
    private static partial void LogLoaded(ILogger logger, int count, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Question bank could not be refreshed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
