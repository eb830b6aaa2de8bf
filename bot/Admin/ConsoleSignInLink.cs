using BranchBot.Adapters.Redis;
using BranchBot.Core.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Admin;

/// <summary>
/// First sign-in without any setup: a random admin token for this process only (never a fixed value), accepted like an
/// API key. On by default with the embedded store (a local trial), off with Redis (a real deployment).
/// </summary>
internal sealed class ConsoleSignInLink(ConsoleOptions options, IOptions<RedisOptions> redis)
{
    public static readonly AdminCaller Caller = new("启动链接", null);

    public string? Token { get; } = (options.SignInLink ?? !redis.Value.Enabled) ? SessionToken.New() : null;
}

/// <summary>Logs the sign-in link once the server listens, with the address it really listens on.</summary>
internal sealed partial class SignInLinkAnnouncer(ConsoleSignInLink link, IServer server, IHostApplicationLifetime lifetime, ILogger<SignInLinkAnnouncer> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (link.Token is { } token)
        {
            lifetime.ApplicationStarted.Register(() => LogLink(logger, Address() + "/console/#token=" + token));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The first listening address, http preferred, with a wildcard host shown as localhost.</summary>
    private string Address()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http:", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault() ?? "http://localhost:5000";
        foreach (var wildcard in new[] { "://0.0.0.0:", "://[::]:", "://+:", "://*:" })
        {
            address = address.Replace(wildcard, "://localhost:", StringComparison.Ordinal);
        }

        return address.TrimEnd('/');
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "控制台：{Link}")]
    private static partial void LogLink(ILogger logger, string link);
}
