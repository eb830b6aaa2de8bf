using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.Accounts;

/// <summary>The one-time sign-in link logged at start.</summary>
public sealed partial class SignInLinkTests
{
    private static async Task<(BotServer Bot, string? Link)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var logs = new CapturingLoggerProvider();
        var bot = await BotServer.StartAsync(settings, s => s.AddSingleton<ILoggerProvider>(logs));
        var lines = logs.Entries.Where(e => e.Message.StartsWith("控制台：", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.True(lines.Count <= 1, string.Join("\n", lines));
        return (bot, lines.SingleOrDefault());
    }

    [Fact]
    public async Task EmbeddedStore_LogsALinkWithTheRealAddressAndARandomAdminToken()
    {
        var (bot, link) = await StartAsync();
        var (other, otherLink) = await StartAsync();
        await using (bot)
        await using (other)
        {
            var match = LinkPattern().Match(link ?? string.Empty);
            Assert.True(match.Success, link);
            Assert.Equal(bot.Http.BaseAddress!.GetLeftPart(UriPartial.Authority), match.Groups["address"].Value);
            var token = match.Groups["token"].Value;
            Assert.NotEqual(token, LinkPattern().Match(otherLink!).Groups["token"].Value);

            using var response = await bot.Http.PostAsJsonAsync("/api/session", new { token });
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(json["isAdmin"]!.GetValue<bool>());

            using var elsewhere = await other.Http.PostAsJsonAsync("/api/session", new { token });
            Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        }
    }

    [Fact]
    public async Task Redis_LogsNoLinkUnlessAskedFor()
    {
        var redis = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = RedisServer.Shared.Configuration,
            ["Redis:KeyPrefix"] = RedisServer.UniquePrefix(),
            ["SampleData:Enabled"] = "false",
        };
        var (bot, link) = await StartAsync(redis);
        await using (bot)
        {
            Assert.Null(link);
        }

        redis["Console:SignInLink"] = "true";
        var (asked, askedLink) = await StartAsync(redis);
        await using (asked)
        {
            Assert.Matches(LinkPattern(), askedLink!);
        }
    }

    [GeneratedRegex("^控制台：(?<address>http://127\\.0\\.0\\.1:\\d+)/console/#token=(?<token>[A-Za-z0-9_-]{43})$")]
    private static partial Regex LinkPattern();
}
