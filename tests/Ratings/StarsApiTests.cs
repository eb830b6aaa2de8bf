using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BranchBot.Core.Bulletins;
using BranchBot.Tests.Bulletins;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Ratings;

/// <summary>
/// 星级 and 通报 through the admin API on real Redis: the organisation's admin sets fields and awards stars (once, with
/// the reason, audited); a branch's key sees its own branch's stars and its own field's ranking, and nothing else.
/// </summary>
public sealed class StarsApiTests
{
    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(MeetingBot bot, HttpMethod method, string path, string key = MeetingBot.OrgKey, string? json = null)
    {
        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(method, path, key, json));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task Admin_SetsFieldAndAwardsAFeatureStarOnce_AndTheBranchShowsItWithTheReasonAndRanking()
    {
        await using var bot = await BulletinBot.StartAsync(BulletinBot.November(), new RecordingRobot());
        var (b1, b2) = (await bot.BranchIdAsync("测试第一支部"), await bot.BranchIdAsync("测试第二支部"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(bot, HttpMethod.Put, $"/api/stars/{b1}/field", json: """{"field":"社区"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(bot, HttpMethod.Put, $"/api/stars/{b2}/field", json: """{"field":"Community"}""")).Status);

        var award = """{"star":"Feature2","awarded":true,"reason":"社区网格党建成效明显"}""";
        var (status, body) = await SendAsync(bot, HttpMethod.Post, $"/api/stars/{b1}/awards", json: award);
        Assert.Equal((HttpStatusCode.OK, true), (status, body!["changed"]!.GetValue<bool>()));
        Assert.False((await SendAsync(bot, HttpMethod.Post, $"/api/stars/{b1}/awards", json: award)).Body!["changed"]!.GetValue<bool>());

        var page = (await SendAsync(bot, HttpMethod.Get, $"/api/stars/{b1}?period=2026-Q4")).Body!;
        var star = page["stars"]!["stars"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "Feature2")!;
        Assert.Equal((true, "org", "社区网格党建成效明显"), (star["awarded"]!.GetValue<bool>(), star["awardedBy"]!.GetValue<string>(), star["items"]![0]!["value"]!.GetValue<string>()));
        Assert.Equal("社区", page["stars"]!["fieldName"]!.GetValue<string>());
        var system = page["stars"]!["stars"]!.AsArray().Single(s => s!["kind"]!.GetValue<string>() == "System")!;
        Assert.False(system["awarded"]!.GetValue<bool>());
        Assert.StartsWith("未达标：", system["reason"]!.GetValue<string>());
        Assert.Equal(["测试第一支部", "测试第二支部"], page["ranking"]!["rows"]!.AsArray().Select(r => r!["branchName"]!.GetValue<string>()));
        Assert.Equal(6, page["history"]!.AsArray().Count);
        Assert.Equal("2026-Q4", page["history"]!.AsArray()[^1]!["periodKey"]!.GetValue<string>());

        var history = (await SendAsync(bot, HttpMethod.Get, $"/api/stars/{b1}/awards")).Body!.AsArray();
        Assert.Equal(["Feature2"], history.Select(h => h!["star"]!.GetValue<string>()));
        var audit = (await SendAsync(bot, HttpMethod.Get, "/api/audit?count=100")).Body!.AsArray();
        Assert.Contains(audit, e => e!["action"]!.GetValue<string>().Contains("/awards", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BranchKey_SeesItsOwnStarsAndFieldRanking_ButCannotAwardSetFieldsOrLookElsewhere()
    {
        await using var bot = await BulletinBot.StartAsync(BulletinBot.November(), new RecordingRobot());
        var (b1, b2) = (await bot.BranchIdAsync("测试第一支部"), await bot.BranchIdAsync("测试第二支部"));
        await SendAsync(bot, HttpMethod.Put, $"/api/stars/{b1}/field", json: """{"field":"机关"}""");
        await SendAsync(bot, HttpMethod.Put, $"/api/stars/{b2}/field", json: """{"field":"企业"}""");
        const string key = MeetingBot.Branch2Key;

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(bot, HttpMethod.Get, $"/api/stars/{b2}", key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(bot, HttpMethod.Get, $"/api/stars/{b1}", key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(bot, HttpMethod.Get, $"/api/stars/{b1}/awards", key)).Status);
        Assert.Equal([b2], (await SendAsync(bot, HttpMethod.Get, "/api/stars", key)).Body!.AsArray().Select(s => s!["branchId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(bot, HttpMethod.Get, $"/api/stars?branchId={b1}", key)).Status);

        var own = await SendAsync(bot, HttpMethod.Get, "/api/stars/ranking", key);
        Assert.Equal(("企业", 1), (own.Body!["fieldName"]!.GetValue<string>(), own.Body!["rows"]!.AsArray().Count));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(bot, HttpMethod.Get, "/api/stars/ranking?field=机关", key)).Status);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(bot, HttpMethod.Post, $"/api/stars/{b2}/awards", key, """{"star":"Feature1","reason":"自己评自己"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(bot, HttpMethod.Put, $"/api/stars/{b2}/field", key, """{"field":"机关"}""")).Status);
        Assert.Empty((await SendAsync(bot, HttpMethod.Get, $"/api/stars/{b2}/awards")).Body!.AsArray());
    }

    [Theory]
    [InlineData("POST", "/awards", """{"star":"System","reason":"基本制度不能手工评定"}""", "star")]
    [InlineData("POST", "/awards", """{"star":"Feature1","reason":" "}""", "reason")]
    [InlineData("PUT", "/field", """{"field":"火星"}""", "field")]
    [InlineData("GET", "?period=2026-13", null, "period")]
    public async Task BadInput_IsAProblemNamingTheField(string method, string path, string? json, string field)
    {
        await using var bot = await BulletinBot.StartAsync(BulletinBot.November(), new RecordingRobot());
        var (status, body) = await SendAsync(bot, new HttpMethod(method), $"/api/stars/{await bot.BranchIdAsync("测试第一支部")}{path}", json: json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["errors"]![field]);
    }

    [Fact]
    public async Task Bulletin_ForABranchKey_HoldsTheTotalsAndOnlyItsOwnBranch()
    {
        var clock = BulletinBot.November();
        await using var bot = await BulletinBot.StartAsync(clock, new RecordingRobot());
        await BulletinBot.SeedNovemberAsync(bot);
        clock.Advance(new DateTimeOffset(2026, 12, 1, 1, 30, 0, TimeSpan.Zero) - clock.GetUtcNow());
        await bot.Get<BulletinService>().RunOnceAsync(default);

        var list = (await SendAsync(bot, HttpMethod.Get, "/api/bulletins", MeetingBot.Branch2Key)).Body!.AsArray();
        Assert.Equal("2026-11", Assert.Single(list)!["periodKey"]!.GetValue<string>());
        var all = (await SendAsync(bot, HttpMethod.Get, "/api/bulletins/2026-11")).Body!;
        var own = (await SendAsync(bot, HttpMethod.Get, "/api/bulletins/2026-11", MeetingBot.Branch2Key)).Body!;
        Assert.Equal(2, all["rows"]!.AsArray().Count);
        Assert.Equal(["测试第二支部"], own["rows"]!.AsArray().Select(r => r!["branchName"]!.GetValue<string>()));
        Assert.Equal(all["totals"]!.ToJsonString(), own["totals"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(bot, HttpMethod.Get, "/api/bulletins/2026-10")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(bot, HttpMethod.Get, "/api/bulletins/2026-Q4")).Status);

        using var document = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, "/api/bulletins/2026-11/document", MeetingBot.Branch2Key));
        var bytes = await document.Content.ReadAsByteArrayAsync();
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var text = word.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("测试第二支部", text);
        Assert.DoesNotContain("测试第一支部", text);
    }

    [Fact]
    public async Task Reads_OfAPeriodBeforeTheChart_StoreNothing_AndABranchWithoutAFieldSeesNoOthersRanking()
    {
        await using var bot = await BulletinBot.StartAsync(BulletinBot.November(), new RecordingRobot());
        var b2 = await bot.BranchIdAsync("测试第二支部");

        // 2003 is long closed but outside the chart: judged as the data are, never stored, so reads cannot fill the store.
        var (status, list) = await SendAsync(bot, HttpMethod.Get, "/api/stars?period=2003");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEmpty(list!.AsArray());
        Assert.Empty(await bot.Get<BranchBot.Core.Ratings.IRatingStore>().GetSnapshotsAsync("2003", default));

        // Last quarter is on the chart: its first read keeps it.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(bot, HttpMethod.Get, "/api/stars?period=2026-Q3")).Status);
        Assert.NotEmpty(await bot.Get<BranchBot.Core.Ratings.IRatingStore>().GetSnapshotsAsync("2026-Q3", default));

        // No field set: the secretary's own branch is ranked alone, and the ranking route says why there is none.
        var (mine, page) = await SendAsync(bot, HttpMethod.Get, $"/api/stars/{b2}?period=2026-Q4", MeetingBot.Branch2Key);
        Assert.Equal(HttpStatusCode.OK, mine);
        Assert.Equal(["测试第二支部"], page!["ranking"]!["rows"]!.AsArray().Select(r => r!["branchName"]!.GetValue<string>()));
        var (refused, problem) = await SendAsync(bot, HttpMethod.Get, "/api/stars/ranking?period=2026-Q4", MeetingBot.Branch2Key);
        Assert.Equal((HttpStatusCode.Forbidden, "本支部尚未设定所属领域，设定后可查看同领域排名"), (refused, problem!["detail"]!.GetValue<string>()));
    }
}
