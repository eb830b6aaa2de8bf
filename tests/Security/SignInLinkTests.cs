using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BranchBot.Bot.Admin;
using BranchBot.Bot.Hosting;
using BranchBot.Bot.LocalTools;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.Security;

/// <summary>The console sign-in link: printed for the person who started the bot, single use, ten minutes, never a bearer.</summary>
public sealed partial class SignInLinkTests
{
    private sealed record Started(BotServer Bot, StringWriter Buffer, TextWriter Writer, CapturingLoggerProvider Logs) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Bot.DisposeAsync();

        /// <summary>What was printed; the synchronized writer locks on itself while writing.</summary>
        public string Output
        {
            get
            {
                lock (Writer)
                {
                    return Buffer.ToString();
                }
            }
        }

        public async Task<string> LinkAsync()
        {
            for (var i = 0; i < 100; i++)
            {
                if (LinkPattern().Match(Output) is { Success: true } match)
                {
                    return match.Groups["token"].Value;
                }

                await Task.Delay(50);
            }

            throw new Xunit.Sdk.XunitException("no sign-in link printed: " + Output);
        }

        public async Task<HttpStatusCode> ExchangeAsync(string token)
        {
            using var response = await Bot.Http.PostAsJsonAsync("/api/session", new { token });
            return response.StatusCode;
        }
    }

    private static async Task<Started> StartAsync(Dictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var buffer = new StringWriter();
        var output = TextWriter.Synchronized(buffer);
        var logs = new CapturingLoggerProvider();
        var all = new Dictionary<string, string?>(BotServer.LocalTrial);
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var bot = await BotServer.StartAsync(all, s =>
        {
            s.AddSingleton(new SignInLinkOutput(output));
            s.AddSingleton<ILoggerProvider>(logs);
        }, clock);
        return new Started(bot, buffer, output, logs);
    }

    [Fact]
    public async Task Link_IsPrintedToTheConsoleNotTheLog_AndIsNoBearer()
    {
        await using var started = await StartAsync();
        var token = await started.LinkAsync();

        Assert.DoesNotContain(started.Logs.Entries, e => e.Message.Contains(token, StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await started.Bot.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Link_ExchangedOnce_TheSecondUseIsRefused()
    {
        await using var started = await StartAsync();
        var token = await started.LinkAsync();

        using var first = await started.Bot.Http.PostAsJsonAsync("/api/session", new { token });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(JsonNode.Parse(await first.Content.ReadAsStringAsync())!["isAdmin"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Unauthorized, await started.ExchangeAsync(token));
    }

    [Fact]
    public async Task Link_AfterTenMinutes_IsRefused()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var started = await StartAsync(clock: clock);
        var token = await started.LinkAsync();

        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, await started.ExchangeAsync(token));
    }

    [Fact]
    public async Task LocalCommand_MakesANewLinkFromTheRunningLocalTrial()
    {
        await using var started = await StartAsync();
        var used = await started.LinkAsync();
        Assert.Equal(HttpStatusCode.OK, await started.ExchangeAsync(used));

        var output = new StringWriter();
        var url = started.Bot.Http.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var exit = await new SignInLinkTool(output, a => BotApp.Build([.. a, "--urls=http://127.0.0.1:0"])).RunAsync(["--url", url], default);

        Assert.Equal(0, exit);
        var fresh = LinkPattern().Match(output.ToString()).Groups["token"].Value;
        Assert.NotEqual(used, fresh);
        Assert.Equal(HttpStatusCode.OK, await started.ExchangeAsync(fresh));
    }

    [Fact]
    public async Task Redis_PrintsNoLinkUnlessAskedFor()
    {
        var redis = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = RedisServer.Shared.Configuration,
            ["Redis:KeyPrefix"] = RedisServer.UniquePrefix(),
        };
        await using (var started = await StartAsync(redis))
        {
            await Task.Delay(300);
            Assert.DoesNotContain("#token=", started.Output);
        }

        redis["Console:SignInLink"] = "true";
        await using var asked = await StartAsync(redis);
        Assert.Equal(HttpStatusCode.OK, await asked.ExchangeAsync(await asked.LinkAsync()));
    }

    [GeneratedRegex("控制台登录链接（10 分钟内有效，仅可使用一次）：http://127\\.0\\.0\\.1:\\d+/console/#token=(?<token>[A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();
}
