using BranchBot.Adapters.Redis;
using BranchBot.Bot.Hosting;
using BranchBot.Core.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Admin;

/// <summary>
/// Where sign-in links are printed: the console (standard output) of the person who started the bot, never the
/// application log, which others may read. Tests replace it to read the link.
/// </summary>
internal sealed class SignInLinkOutput(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}

/// <summary>
/// Prints a one-time sign-in link (<see cref="SignInLinks"/>: single use, valid 10 minutes) once the server listens,
/// with the address it really listens on. On by default in the local trial with the embedded store, off otherwise
/// (<c>Console:SignInLink</c>). <c>dotnet run --project bot -- sign-in-link</c> makes a new one.
/// </summary>
internal sealed partial class SignInLinkAnnouncer(
    ConsoleOptions options,
    IOptions<RedisOptions> redis,
    HostingMode mode,
    SignInLinks links,
    SignInLinkOutput output,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<SignInLinkAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.SignInLink ?? (mode.IsLocalTrial && !redis.Value.Enabled))
        {
            lifetime.ApplicationStarted.Register(() => _ = AnnounceAsync());
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task AnnounceAsync()
    {
        try
        {
            var token = await links.IssueAsync(lifetime.ApplicationStopping);
            await output.Writer.WriteLineAsync(Format(ListeningAddress(server), token));
            await output.Writer.FlushAsync();
            LogPrinted(logger);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e);
        }
    }

    /// <summary>The line printed for a link.</summary>
    public static string Format(string address, string token) =>
        $"控制台登录链接（10 分钟内有效，仅可使用一次）：{address}/console/#token={token}";

    /// <summary>The first listening address, http preferred, with a wildcard host shown as localhost.</summary>
    public static string ListeningAddress(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http:", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault() ?? "http://localhost:5000";
        foreach (var wildcard in new[] { "://0.0.0.0:", "://[::]:", "://+:", "://*:" })
        {
            address = address.Replace(wildcard, "://localhost:", StringComparison.Ordinal);
        }

        return address.TrimEnd('/');
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A one-time console sign-in link was printed to standard output")]
    private static partial void LogPrinted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The console sign-in link could not be made")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
