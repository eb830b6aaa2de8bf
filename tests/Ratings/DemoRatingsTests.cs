using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Ratings;

/// <summary>The local trial's demo shows 星级 and 通报: a 特色 star, a missing basic star with its reason, last month's bulletin.</summary>
public sealed class DemoRatingsTests
{
    private const string Key = "demo-ratings-key-0123456789abcdefghij";

    [Fact]
    public async Task DemoData_HasStarsWithAFeatureStarAndAMissingOne_AndLastMonthsBulletin()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero));
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:ApiKeys:0:Name"] = "demo",
            ["Admin:ApiKeys:0:Key"] = Key,
            ["Reminders:RunWorkers"] = "false",
            ["SampleData:Enabled"] = "true",
        }, clock: clock);

        var branches = (await GetAsync(bot, "/api/branches")).AsArray();
        var first = branches.First(b => b!["name"]!.GetValue<string>() == "示例第一党支部")!["id"]!.GetValue<string>();
        var page = await GetAsync(bot, $"/api/stars/{first}?period=2026-Q4");
        var stars = page["stars"]!["stars"]!.AsArray();
        Assert.True(stars.Single(s => s!["kind"]!.GetValue<string>() == "Feature1")!["awarded"]!.GetValue<bool>());
        Assert.Contains(stars, s => s!["computed"]!.GetValue<bool>() && !s["awarded"]!.GetValue<bool>() && s["reason"]!.GetValue<string>().StartsWith("未达标：", StringComparison.Ordinal));
        Assert.Equal("机关", page["stars"]!["fieldName"]!.GetValue<string>());
        Assert.Equal(3, page["ranking"]!["rows"]!.AsArray().Count);

        var bulletins = (await GetAsync(bot, "/api/bulletins")).AsArray();
        Assert.Equal("2026-10", Assert.Single(bulletins)!["periodKey"]!.GetValue<string>());
        Assert.Equal(3, (await GetAsync(bot, "/api/bulletins/2026-10"))["rows"]!.AsArray().Count);
    }

    private static async Task<JsonNode> GetAsync(BotServer bot, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var response = await bot.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
