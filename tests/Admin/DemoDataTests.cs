using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using BranchBot.Bot.Study;
using BranchBot.Core.Meetings;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Admin;

/// <summary>The embedded default's demo data fills every console page: meetings with attendance, rankings, wrong answers.</summary>
public sealed class DemoDataTests
{
    private const string Key = "demo-admin-key-0123456789abcdef-ghi";

    private static async Task<JsonNode> GetAsync(BotServer bot, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var response = await bot.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task EmbeddedStart_SeedsMeetingsStudyAndWrongAnswers_AndSaysItIsDemo()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero));
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:ApiKeys:0:Name"] = "demo",
            ["Admin:ApiKeys:0:Key"] = Key,
            ["Reminders:RunWorkers"] = "false",
            ["SampleData:Enabled"] = "true",
        }, clock: clock);
        Assert.True(bot.Services.GetRequiredService<DemoData>().Loaded);
        Assert.True((await GetAsync(bot, "/api/me"))["demo"]!.GetValue<bool>());

        var branches = (await GetAsync(bot, "/api/branches")).AsArray();
        var demoBranch = branches.First(b => b!["name"]!.GetValue<string>() == "示例第一党支部")!["id"]!.GetValue<string>();
        var meetings = (await GetAsync(bot, $"/api/meetings?branchId={demoBranch}")).AsArray();
        Assert.Contains(meetings, m => m!["id"]!.GetValue<string>() == "mtdemonext");
        Assert.All(meetings, m => Assert.Contains("示例", m!["title"]!.GetValue<string>()));

        const string past = "mtdemopast";
        var counts = (await GetAsync(bot, $"/api/meetings/{past}/attendance"))["counts"]!;
        Assert.Equal(1, counts["leave"]!.GetValue<int>());
        Assert.Equal(1, counts["absent"]!.GetValue<int>());
        Assert.True(counts["present"]!.GetValue<int>() > 1);

        var ranking = await GetAsync(bot, "/api/study/rankings?period=all");
        Assert.True(ranking["participants"]!.GetValue<int>() > 5);
        var days = (await GetAsync(bot, "/api/study/participation?days=14"))["days"]!.AsArray();
        Assert.All(days, d => Assert.True(d!["participants"]!.GetValue<int>() > 0));
        Assert.True((await GetAsync(bot, "/api/study/wrong-questions")).AsArray().Count >= 3);
        // A year of 党员积分: a ranking, one 补学 reported and awaiting confirmation, a confirmed one that earned its entry, 谈心谈话.
        Assert.True((await GetAsync(bot, $"/api/points/ranking?branchId={demoBranch}&year=2026"))["rows"]!.AsArray().Count > 5);
        var makeUps = (await GetAsync(bot, $"/api/makeups?branchId={demoBranch}&all=true")).AsArray();
        Assert.Single(makeUps, m => m!["state"]!.GetValue<string>() == "Done");
        var confirmed = Assert.Single(makeUps, m => m!["state"]!.GetValue<string>() == "Confirmed")!["memberId"]!.GetValue<string>();
        Assert.Contains((await GetAsync(bot, $"/api/points/members/{confirmed}?year=2026"))["entries"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "MakeUp");
        Assert.Equal(3, (await GetAsync(bot, $"/api/talks?branchId={demoBranch}&year=2026"))["talks"]!.AsArray().Count);
        var deliveries = (await GetAsync(bot, "/api/deliveries?status=failed"))["items"]!.AsArray();
        Assert.True(Assert.Single(deliveries)!["retryable"]!.GetValue<bool>());
    }
}
