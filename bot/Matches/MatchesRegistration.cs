using BranchBot.Bot.Hosting;
using BranchBot.Core.Conversations;
using BranchBot.Core.Matches;

namespace BranchBot.Bot.Matches;

internal static class MatchesRegistration
{
    /// <summary>对战 and 四人赛: the chat feature, the match engine and the worker that moves matches on time.</summary>
    public static WebApplicationBuilder AddBotMatches(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<MatchOptions>(MatchOptions.Section);
        services.AddSingleton<MatchEngine>();
        services.AddSingleton<IConversationFeature, MatchFeature>();
        if (builder.Configuration.GetSection(MatchOptions.Section).Get<MatchOptions>()?.RunWorker ?? true)
        {
            services.AddHostedService<MatchWorker>();
        }

        return builder;
    }
}

/// <summary>Sweeps the queues and moves the matches this instance claimed: next question, time-outs, results.</summary>
internal sealed partial class MatchWorker(MatchEngine engine, MatchOptions options, TimeProvider time, ILogger<MatchWorker> logger)
    : RepeatingWorker(time, logger)
{
    private readonly ILogger _logger = logger;

    protected override string Name => "Match worker";

    protected override TimeSpan Interval => options.TickInterval;

    protected override async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        var moved = await engine.TickAsync(cancellationToken, (matchId, e) => LogMatchFailed(_logger, e, matchId));
        return moved >= options.ClaimBatch;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Match {MatchId} failed to move on; it is retried when its lease ends")]
    private static partial void LogMatchFailed(ILogger logger, Exception exception, string matchId);
}
