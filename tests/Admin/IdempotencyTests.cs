using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Core.Meetings;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Admin;

/// <summary>
/// A POST sent again with the same <c>Idempotency-Key</c> (a double click, a retry after a dropped connection) takes
/// effect once and gets the first answer; real Kestrel, real Redis.
/// </summary>
public sealed class IdempotencyTests : IAsyncLifetime
{
    private MeetingBot _bot = null!;
    private string _branch = null!;

    public async Task InitializeAsync()
    {
        _bot = await MeetingBot.StartAsync();
        _branch = await _bot.BranchIdAsync("测试第一支部");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private string MeetingJson(string place = "三楼会议室") =>
        $$"""{"branchId":"{{_branch}}","type":"PartyLecture","start":"{{(_bot.Clock.GetUtcNow() + TimeSpan.FromDays(3)).ToString("O")}}","place":"{{place}}"}""";

    private async Task<(HttpStatusCode Status, JsonNode? Json, string Body, bool Replayed)> PostAsync(string path, string json, string? idempotencyKey, string key = MeetingBot.OrgKey)
    {
        using var request = _bot.AdminRequest(HttpMethod.Post, path, key, json);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await _bot.Bot.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length > 0 && body[0] is '{' or '[' ? JsonNode.Parse(body) : null, body, response.Headers.Contains("Idempotent-Replayed"));
    }

    private async Task<int> MeetingCountAsync() =>
        (await _bot.Get<IMeetingStore>().ListByBranchAsync(_branch, _bot.Clock.GetUtcNow(), _bot.Clock.GetUtcNow() + TimeSpan.FromDays(30), default)).Count;

    [Fact]
    public async Task MeetingCreate_SentTwiceWithOneKey_CreatesOneMeetingAndAnswersTheSame()
    {
        var first = await PostAsync("/api/meetings", MeetingJson(), "form-4f1c2a9e");
        var second = await PostAsync("/api/meetings", MeetingJson(), "form-4f1c2a9e");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(first.Json!["id"]!.GetValue<string>(), second.Json!["id"]!.GetValue<string>());
        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(1, await MeetingCountAsync());
    }

    [Fact]
    public async Task MeetingCreate_FiveAtOnceWithOneKey_CreatesOneMeeting()
    {
        var json = MeetingJson();
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync("/api/meetings", json, "burst-77aa21")));

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, a.Body));
        Assert.Single(answers.Where(a => a.Status == HttpStatusCode.Created).Select(a => a.Json!["id"]!.GetValue<string>()).Distinct());
        Assert.Equal(1, await MeetingCountAsync());
    }

    [Fact]
    public async Task MeetingCreate_WithoutKey_IsNotDeduplicated()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/meetings", MeetingJson(), null)).Status);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/meetings", MeetingJson(), null)).Status);
        Assert.Equal(2, await MeetingCountAsync());
    }

    [Fact]
    public async Task FieldError_IsNotKept_SoTheCorrectedFormGoesThroughUnderTheSameKey()
    {
        var refused = await PostAsync("/api/meetings", MeetingJson(place: ""), "form-corrected-1");
        var corrected = await PostAsync("/api/meetings", MeetingJson(), "form-corrected-1");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(HttpStatusCode.Created, corrected.Status);
        Assert.False(corrected.Replayed);
        Assert.Equal(1, await MeetingCountAsync());
    }

    [Fact]
    public async Task SameKey_WithAnotherBody_Is422AndChangesNothing()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/meetings", MeetingJson(), "form-reused-9")).Status);
        var reused = await PostAsync("/api/meetings", MeetingJson(place: "二楼报告厅"), "form-reused-9");

        Assert.Equal((HttpStatusCode)422, reused.Status);
        Assert.Contains("另一个请求", reused.Json!["detail"]!.GetValue<string>());
        Assert.Equal(1, await MeetingCountAsync());
    }

    [Fact]
    public async Task SameKey_FromAnotherCaller_IsTheirOwnRequest()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/meetings", MeetingJson(), "shared-key-1")).Status);

        var branch2 = await _bot.BranchIdAsync("测试第二支部");
        var other = await PostAsync("/api/meetings", MeetingJson().Replace(_branch, branch2, StringComparison.Ordinal), "shared-key-1", MeetingBot.Branch2Key);

        Assert.Equal(HttpStatusCode.Created, other.Status);
        Assert.False(other.Replayed);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has spaces in it")]
    [InlineData("semi;colon;key!")]
    public async Task MalformedKey_Is400JsonAndCreatesNothing(string key)
    {
        var answer = await PostAsync("/api/meetings", MeetingJson(), key);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("Idempotency-Key", answer.Json!["detail"]!.GetValue<string>());
        Assert.Equal(0, await MeetingCountAsync());
    }
}
