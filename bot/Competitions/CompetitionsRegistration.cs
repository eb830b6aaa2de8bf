using BranchBot.Bot.Hosting;
using BranchBot.Adapters.GroupRobot;
using BranchBot.Bot.Meetings;
using BranchBot.Core.Competitions;
using BranchBot.Core.Conversations;

namespace BranchBot.Bot.Competitions;

internal static class CompetitionsRegistration
{
    /// <summary>Quiz competitions: the chat feature, the room engine and its ticker, and group-robot posting.</summary>
    public static WebApplicationBuilder AddBotCompetitions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<CompetitionOptions>(CompetitionOptions.Section);
        services.AddGroupRobot();
        services.AddSingleton<CompetitionEngine>();
        services.AddSingleton<RoomFactory>();
        services.AddSingleton<RoomControl>();
        services.AddSingleton<CompetitionFeature>();
        services.AddSingleton<IConversationFeature>(sp => sp.GetRequiredService<CompetitionFeature>());
        services.AddSingleton<IEventObserver>(sp => sp.GetRequiredService<CompetitionFeature>());
        if (builder.Configuration.GetSection(CompetitionOptions.Section).Get<CompetitionOptions>()?.RunTicker ?? true)
        {
            services.AddHostedService<CompetitionTicker>();
        }

        return builder;
    }
}

/// <summary>Moves the rooms this instance holds the lease of: opens, closes and finishes questions on time.</summary>
internal sealed partial class CompetitionTicker(CompetitionEngine engine, CompetitionOptions options, TimeProvider time, ILogger<CompetitionTicker> logger)
    : RepeatingWorker(time, logger)
{
    private readonly ILogger _logger = logger;

    protected override string Name => "Competition ticker";

    protected override TimeSpan Interval => options.TickInterval;

    protected override async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        await engine.TickAsync(cancellationToken, (roomId, e) => LogRoomFailed(_logger, e, roomId));
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Competition room {RoomId} failed to move on; the other rooms carry on")]
    private static partial void LogRoomFailed(ILogger logger, Exception exception, string roomId);
}
