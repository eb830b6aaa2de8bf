using BranchBot.Adapters.Redis;
using BranchBot.Bot.Study;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Hosting;

internal static partial class HostingModeRegistration
{
    /// <summary>Decides the <see cref="HostingMode"/> (or refuses to start) and says at start which mode it is.</summary>
    public static WebApplicationBuilder AddHostingMode(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(HostingMode.From(builder.Configuration));
        builder.Services.AddHostedService<ModeAnnouncer>();
        return builder;
    }

    private sealed partial class ModeAnnouncer(HostingMode mode, IOptions<RedisOptions> redis, SampleDataOptions sample, ILogger<HostingMode> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogMode(logger, mode.Describe(redis.Value.Enabled, mode.SampleDataWanted(sample.Enabled, redis.Value)));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "{Mode}")]
        private static partial void LogMode(ILogger logger, string mode);
    }
}
