using BranchBot.Adapters.WeChat;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Bot.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.Infrastructure;

/// <summary>
/// The real bot host on Kestrel at a free loopback port, built by the same code as Program.cs, plus a client that
/// talks to it as WeChat does.
/// </summary>
public sealed class BotServer : IAsyncDisposable
{
    public const string Token = "testtoken123";
    public const string AppId = "wx2c2769f8efd9abc2";
    public const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string Account = "gh_10f6c3c3ac5a";

    /// <summary>Settings that clear the test account: the bot runs as the README's local trial (on loopback).</summary>
    public static readonly IReadOnlyDictionary<string, string?> LocalTrial = new Dictionary<string, string?>
    {
        ["WeChat:AppId"] = string.Empty,
        ["WeChat:Token"] = string.Empty,
        ["WeChat:EncodingAESKey"] = string.Empty,
    };

    private readonly WebApplication _app;
    private static long _msgId = 6054768590064713728;

    private readonly TimeProvider _clock;

    private BotServer(WebApplication app, HttpClient http, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
        Http = http;
        Composer = new PushComposer(Token, AppId, AesKey);
    }

    public HttpClient Http { get; }

    public PushComposer Composer { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration as <c>Section:Key=value</c>, on top of the test account.</param>
    /// <param name="configure">Extra registrations (features, clock) before the host is built.</param>
    /// <param name="clock">The bot's clock; pushes are timestamped by it too.</param>
    public static async Task<BotServer> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, TimeProvider? clock = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = AppId,
            ["WeChat:Token"] = Token,
            ["WeChat:EncodingAESKey"] = AesKey,

            // Tests speak both modes (SayAsync is plaintext); the default, plaintext refused, is tested on its own.
            ["WeChat:RequireEncryption"] = "false",

            // The menu tag sync calls the WeChat API on its own; its tests turn it on, so others see only their own calls.
            ["Menu:RunTagSync"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var args = all.Select(kv => $"--{kv.Key}={kv.Value}").Append("--urls=http://127.0.0.1:0").ToArray();
        var app = BotApp.Build(args, builder =>
        {
            if (Environment.GetEnvironmentVariable("BRANCHBOT_TEST_LOGS") != "1")
            {
                builder.Logging.ClearProviders();
            }

            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            configure?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BotServer(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) }, clock ?? TimeProvider.System);
    }

    public static long NextMsgId() => Interlocked.Increment(ref _msgId);

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Unix seconds by this bot's clock.</summary>
    public long ClockNow => _clock.GetUtcNow().ToUnixTimeSeconds();

    public string TextXml(string openId, string content, long? msgId = null) =>
        PushComposer.Text(Account, openId, ClockNow, content, msgId ?? NextMsgId());

    /// <summary>Signs (and optionally encrypts) <paramref name="xml"/> as WeChat would and posts it.</summary>
    public async Task<HttpResponseMessage> PostAsync(string xml, string openId, bool encrypt = false, long? timestamp = null)
    {
        var push = Composer.Sign(xml, openId, timestamp ?? ClockNow, encrypt);
        return await Http.PostAsync(push.PathAndQuery(), new StringContent(push.Body));
    }

    /// <summary>Sends a text message and returns what the member would see (null for a <c>success</c> answer).</summary>
    public async Task<string?> SayAsync(string openId, string content, bool encrypt = false)
    {
        using var response = await PostAsync(TextXml(openId, content), openId, encrypt);
        response.EnsureSuccessStatusCode();
        return Composer.ReadReply(await response.Content.ReadAsStringAsync()).Content;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
