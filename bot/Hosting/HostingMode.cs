using System.Net;
using BranchBot.Adapters.Redis;
using BranchBot.Adapters.WeChat;

namespace BranchBot.Bot.Hosting;

/// <summary>
/// Which kind of run this is, decided once from the settings before the host is built: the <b>local trial</b> (no
/// WeChat account configured and listening on loopback addresses only: demo data, the local outbox, a sign-in link
/// on the console) or a <b>deployment</b> (a configured account). Anything else refuses to start.
/// </summary>
public sealed class HostingMode
{
    private HostingMode(bool localTrial, bool wechatConfigured, bool loopbackOnly, IReadOnlyList<string> addresses)
    {
        IsLocalTrial = localTrial;
        WeChatConfigured = wechatConfigured;
        LoopbackOnly = loopbackOnly;
        Addresses = addresses;
    }

    /// <summary>No WeChat settings and loopback-only listening.</summary>
    public bool IsLocalTrial { get; }

    public bool WeChatConfigured { get; }

    public bool LoopbackOnly { get; }

    /// <summary>The configured listening addresses (Kestrel's default when none is set).</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>Decides the mode; throws <see cref="StartupRefusedException"/> for a combination that must not run.</summary>
    public static HostingMode From(IConfiguration configuration)
    {
        var wechat = configuration.GetSection(WeChatOptions.Section);
        var configured = new[] { "AppId", "AppSecret", "Token", "EncodingAESKey" }.Any(k => !string.IsNullOrWhiteSpace(wechat[k]));
        var addresses = ListeningAddresses(configuration);
        var loopback = addresses.All(IsLoopback);
        var where = string.Join(", ", addresses);
        if (!configured && !loopback)
        {
            throw new StartupRefusedException(
                $"BranchBot will not start: it would listen on {where} (reachable from other machines) without a WeChat account. " +
                "Set WeChat__AppId, WeChat__Token and WeChat__EncodingAESKey (and WeChat__AppSecret for pushes) as in the MP console's 服务器配置, " +
                "or try it locally on a loopback address (dotnet run --project bot, or --urls http://127.0.0.1:5000).");
        }

        if (!loopback && string.Equals(wechat["Token"], WeChatOptions.LocalTrial.Token, StringComparison.Ordinal))
        {
            throw new StartupRefusedException(
                $"BranchBot will not start: WeChat:Token is the public local-trial Token, and it would listen on {where}. " +
                "Set WeChat__Token to the Token of your account's 服务器配置 (3–32 letters or digits that only you know).");
        }

        return new HostingMode(!configured && loopback, configured, loopback, addresses);
    }

    /// <summary>A line for the start-up log saying which mode this is and what follows from it.</summary>
    public string Describe(bool redis, bool sampleData) => IsLocalTrial
        ? $"Mode: local trial (no WeChat settings, listening on loopback only: {string.Join(", ", Addresses)}); store {(redis ? "Redis" : "embedded")}; " +
          $"demo data {(sampleData ? "on" : "off")}; local outbox on; the local-trial Token is accepted"
        : $"Mode: deployment (WeChat account configured, listening on {string.Join(", ", Addresses)}); store {(redis ? "Redis" : "embedded")}; " +
          $"demo data {(sampleData ? "on (SampleData:Enabled=true)" : "off")}; local outbox off";

    /// <summary>
    /// Where Kestrel will listen, with its precedence: Kestrel endpoints, else <c>urls</c> (--urls, ASPNETCORE_URLS),
    /// else <c>http_ports</c>/<c>https_ports</c> (every interface), else its default, localhost:5000.
    /// </summary>
    private static List<string> ListeningAddresses(IConfiguration configuration)
    {
        static string[] Split(string? value) => (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        if (Split(configuration["urls"]) is { Length: > 0 } urls)
        {
            return [.. urls];
        }

        var ports = Split(configuration["http_ports"]).Concat(Split(configuration["https_ports"])).Select(p => "http://*:" + p).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    internal static bool IsLoopback(string address)
    {
        var rest = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..] : address;
        rest = rest.Split('/')[0];
        string host;
        if (rest.StartsWith('['))
        {
            var end = rest.IndexOf(']', StringComparison.Ordinal);
            host = end > 0 ? rest[1..end] : rest;
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>Whether the demo data loads: as asked by <c>SampleData:Enabled</c>, else only in the local trial with the embedded store.</summary>
    public bool SampleDataWanted(bool? enabled, RedisOptions redis) => enabled ?? (IsLocalTrial && !redis.Enabled);
}

/// <summary>Settings that must not run together; the message says what to set.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
