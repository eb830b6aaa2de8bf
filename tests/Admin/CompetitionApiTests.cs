using System.Net;
using BranchBot.Core.Competitions;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Study;

namespace BranchBot.Tests.Admin;

/// <summary>Competitions run from the console: create, start, next, pause, end, the big screen and the QR code.</summary>
public sealed class CompetitionApiTests : IAsyncLifetime
{
    private MeetingBot _bot = null!;
    private string _branch1 = null!;

    public async Task InitializeAsync()
    {
        _bot = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["Competitions:RunTicker"] = "false" });
        await _bot.Get<IQuestionStore>().UpsertAsync(QuestionBankParser.ParseJson(StudyBot.Bank).Rows, default);
        await _bot.Get<QuestionBankCache>().RefreshAsync(default);
        await _bot.Get<IMemberStore>().BindOpenIdAsync(MeetingBot.MemberId("13800000003"), "oQian", default);
        _branch1 = await _bot.BranchIdAsync("测试第一支部");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Json, string Body)> ControlAsync(string roomId, string action, string key = MeetingBot.OrgKey) =>
        _bot.CallAsync(HttpMethod.Post, $"/api/competitions/{roomId}/{action}", key);

    [Fact]
    public async Task Room_CreatedAndRunFromTheConsole_BigScreenFollowsIt()
    {
        var (status, json, _) = await _bot.CallAsync(HttpMethod.Post, "/api/competitions",
            json: $$"""{"branchId":"{{_branch1}}","title":"示例竞赛","questions":2,"seconds":20,"manual":true}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var roomId = json!["id"]!.GetValue<string>();
        var code = json["code"]!.GetValue<string>();
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(("示例竞赛", "Lobby", false), (json["title"]!.GetValue<string>(), json["phase"]!.GetValue<string>(), json["autoAdvance"]!.GetValue<bool>()));

        var (refused, error, _) = await ControlAsync(roomId, "start");
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("还没有人加入", error!["detail"]!.GetValue<string>());

        Assert.Contains("已加入", await _bot.SayAsync("oZhaoYi", "参赛 " + code));
        Assert.Contains("已加入", await _bot.SayAsync("oQian", "参赛 " + code));
        var active = (await _bot.GetAsync("/api/competitions/active")).Json!.AsArray();
        Assert.Equal(2, Assert.Single(active)!["participants"]!.GetValue<int>());

        Assert.Equal(HttpStatusCode.OK, (await ControlAsync(roomId, "start")).Status);
        await _bot.Get<CompetitionEngine>().TickAsync(default);
        (_, json, _) = await _bot.GetAsync($"/api/competitions/{roomId}");
        Assert.Equal(("Open", 1, 20, 0), (json!["phase"]!.GetValue<string>(), json["question"]!.GetValue<int>(), json["secondsLeft"]!.GetValue<int>(), json["answered"]!.GetValue<int>()));
        var stem = json["current"]!["text"]!.GetValue<string>();
        var question = _bot.Get<QuestionBankCache>().Current.All.Single(q => q.Stem == stem);

        _bot.Clock.Advance(TimeSpan.FromSeconds(3));
        await _bot.SayAsync("oZhaoYi", StudyBot.AnswerFor(question, right: true));
        (_, json, _) = await _bot.GetAsync($"/api/competitions/{roomId}");
        Assert.Equal((1, 17), (json!["answered"]!.GetValue<int>(), json["secondsLeft"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Conflict, (await ControlAsync(roomId, "pause")).Status);

        _bot.Clock.Advance(TimeSpan.FromSeconds(18));
        await _bot.Get<CompetitionEngine>().TickAsync(default);
        Assert.Equal(HttpStatusCode.OK, (await ControlAsync(roomId, "pause")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ControlAsync(roomId, "resume")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ControlAsync(roomId, "next")).Status);
        (_, json, _) = await _bot.GetAsync($"/api/competitions/{roomId}");
        Assert.Equal(2, json!["question"]!.GetValue<int>());
        Assert.Equal("赵一", json["top5"]![0]!["name"]!.GetValue<string>());

        (status, json, _) = await ControlAsync(roomId, "end");
        Assert.Equal(("Finished", HttpStatusCode.OK), (json!["phase"]!.GetValue<string>(), status));
        (_, json, _) = await _bot.GetAsync($"/api/competitions/{roomId}");
        Assert.Null(json!["current"]);
        var podium = json["podium"]!.AsArray();
        Assert.Equal(("赵一", 1), (podium[0]!["name"]!.GetValue<string>(), podium[0]!["rank"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Conflict, (await ControlAsync(roomId, "end")).Status);
        Assert.Empty((await _bot.GetAsync("/api/competitions/active")).Json!.AsArray());
    }

    [Fact]
    public async Task OtherBranchKey_CannotCreateSeeOrRunTheRoom()
    {
        var (_, json, _) = await _bot.CallAsync(HttpMethod.Post, "/api/competitions", json: $$"""{"branchId":"{{_branch1}}","questions":1}""");
        var roomId = json!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.CallAsync(HttpMethod.Post, "/api/competitions", MeetingBot.Branch2Key, $$"""{"branchId":"{{_branch1}}"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.GetAsync($"/api/competitions/{roomId}", MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.GetAsync($"/api/competitions/{roomId}/qrcode", MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ControlAsync(roomId, "end", MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.GetAsync($"/api/competitions/active?branchId={_branch1}", MeetingBot.Branch2Key)).Status);
        Assert.Empty((await _bot.GetAsync("/api/competitions/active", MeetingBot.Branch2Key)).Json!.AsArray());
        Assert.Equal("Lobby", (await _bot.GetAsync($"/api/competitions/{roomId}")).Json!["phase"]!.GetValue<string>());

        var (status, qr, _) = await _bot.GetAsync($"/api/competitions/{roomId}/qrcode");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(CompetitionFeature.ScenePrefix + roomId, qr!["scene"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"questions":2}""", "branchId")]
    [InlineData("""{"branchId":"BRANCH","questions":99}""", "questions")]
    [InlineData("""{"branchId":"BRANCH","seconds":2}""", "seconds")]
    [InlineData("""{"branchId":"BRANCH","questions":9}""", "questions")]
    [InlineData("""{"branchId":"BRANCH","category":"天文"}""", "category")]
    [InlineData("""{"branchId":"BRANCH","title":"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"}""", "title")]
    [InlineData("""{"branchId":"onosuch"}""", "branchId")]
    public async Task Create_BadField_Is400NamingIt(string body, string field)
    {
        var (status, json, _) = await _bot.CallAsync(HttpMethod.Post, "/api/competitions", json: body.Replace("BRANCH", _branch1));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, json!.ErrorField());
    }

    [Fact]
    public async Task BadJsonUnknownRoomOrAction_AreJsonErrors()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _bot.CallAsync(HttpMethod.Post, "/api/competitions", json: "{nope")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _bot.CallAsync(HttpMethod.Post, "/api/competitions", json: """{"questions":"ten"}""")).Status);
        var (status, json, _) = await ControlAsync("rmnosuch", "start");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.NotNull(json!["detail"]);
        Assert.Equal(HttpStatusCode.NotFound, (await ControlAsync("rmnosuch", "jump")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _bot.GetAsync("/api/competitions/rmnosuch/qrcode")).Status);
    }
}
