using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Core.Audit;
using BranchBot.Tests.Meetings;
using Microsoft.AspNetCore.Routing;

namespace BranchBot.Tests.Admin;

/// <summary>
/// Every write route (POST, PUT) gets a request with one bad field, and the problem's <c>errors</c> names exactly that
/// field, so the console can show the message beside its input. Routes without a body or query field still take the
/// <c>Idempotency-Key</c> header, which is named the same way.
/// </summary>
public sealed class WriteRouteFieldTests(CrossBranchBot fixture) : IClassFixture<CrossBranchBot>
{
    private const string Start = "2026-12-20T02:00:00Z";
    private const string Meeting = """{"branchId":"{branch1}","type":"党课","start":"{start}","place":"三楼会议室"}""";

    /// <summary>Route pattern, path, body, a bad Idempotency-Key (or null), and the field the problem must name.</summary>
    public static TheoryData<string, string, string?, string?, string> Table => new()
    {
        { "POST /api/session", "/api/session", """{"name":"wang"}""", null, "password" },
        { "POST /api/session", "/api/session", """{"name":5,"password":"x"}""", null, "name" },
        { "POST /api/accounts", "/api/accounts", """{"name":"a b","password":"long-enough-pw"}""", null, "name" },
        { "POST /api/accounts", "/api/accounts", """{"name":"newer","password":"short"}""", null, "password" },
        { "POST /api/accounts", "/api/accounts", """{"name":"newer","branchId":"nope","password":"long-enough-pw"}""", null, "branchId" },
        { "PUT /api/accounts/{name}/password", "/api/accounts/boss/password", """{"password":"short"}""", null, "password" },
        { "POST /api/meetings", "/api/meetings", """{"type":"党课","start":"{start}","place":"x"}""", null, "branchId" },
        { "POST /api/meetings", "/api/meetings", Meeting.Replace("党课", "茶话会", StringComparison.Ordinal), null, "type" },
        { "POST /api/meetings", "/api/meetings", """{"branchId":"{branch1}","type":"党课","place":"x"}""", null, "start" },
        { "POST /api/meetings", "/api/meetings", Meeting.Replace("{start}", "2020-01-01T00:00:00Z", StringComparison.Ordinal), null, "start" },
        { "POST /api/meetings", "/api/meetings", Meeting.Replace("\"place\"", "\"end\":\"2020-01-01T00:00:00Z\",\"place\"", StringComparison.Ordinal), null, "end" },
        { "POST /api/meetings", "/api/meetings", Meeting.Replace("三楼会议室", "", StringComparison.Ordinal), null, "place" },
        { "POST /api/meetings", "/api/meetings", Meeting.Replace("三楼会议室", new string('楼', 51), StringComparison.Ordinal), null, "place" },
        { "POST /api/meetings", "/api/meetings", Meeting.Replace("\"place\"", $"\"title\":\"{new string('会', 51)}\",\"place\"", StringComparison.Ordinal), null, "title" },
        { "POST /api/meetings", "/api/meetings", Meeting.Replace("\"place\"", "\"fence\":{\"latitude\":39.9,\"longitude\":116.4,\"radiusMeters\":1},\"place\"", StringComparison.Ordinal), null, "fence" },
        { "POST /api/meetings", "/api/meetings", Meeting.Replace("\"place\"", "\"hostMemberId\":\"nobody\",\"place\"", StringComparison.Ordinal), null, "hostMemberId" },
        { "POST /api/meetings", "/api/meetings", Meeting.Replace("\"place\"", "\"attendeeIds\":[\"nobody\"],\"place\"", StringComparison.Ordinal), null, "attendeeIds" },
        { "POST /api/meetings", "/api/meetings", Meeting, "bad key!", "Idempotency-Key" },
        { "PUT /api/meetings/{id}", "/api/meetings/{meeting}", """{"type":"党课","start":"{start}","place":""}""", null, "place" },
        { "PUT /api/meetings/{id}", "/api/meetings/{meeting}", """{"type":"党课","start":"tomorrow","place":"x"}""", null, "start" },
        { "POST /api/meetings/{id}/attendance/{memberId}/checkin", "/api/meetings/{meeting}/attendance/{zhao}/checkin", null, "short", "Idempotency-Key" },
        { "POST /api/meetings/{id}/leave/{memberId}/{decision:regex(^(approve|refuse)$)}", "/api/meetings/{meeting}/leave/{zhao}/approve", null, "short", "Idempotency-Key" },
        { "POST /api/meetings/{id}/attendance/{memberId}/{decision:regex(^(confirm|reject)$)}", "/api/meetings/{meeting}/attendance/{zhao}/confirm", null, "short", "Idempotency-Key" },
        { "POST /api/meetings", "/api/meetings", Meeting.Replace("\"place\"", "\"agenda\":[\" \"],\"place\"", StringComparison.Ordinal), null, "agenda" },
        { "PUT /api/meetings/{id}/record", "/api/meetings/{meeting}/record", """{"minutes":"x"}""", null, "version" },
        { "PUT /api/meetings/{id}/record", "/api/meetings/{meeting}/record", """{"version":0,"hostMemberId":"nobody"}""", null, "hostMemberId" },
        { "PUT /api/meetings/{id}/record", "/api/meetings/{meeting}/record", """{"version":0,"resolutions":[""]}""", null, "resolutions" },
        { "PUT /api/meetings/{id}/record", "/api/meetings/{meeting}/record", $$"""{"version":0,"minutes":"{{new string('记', 20_001)}}"}""", null, "minutes" },
        { "POST /api/meetings/{id}/record/sign-off", "/api/meetings/{meeting}/record/sign-off", "{}", null, "version" },
        { "POST /api/meetings/{id}/record/reopen", "/api/meetings/{meeting}/record/reopen", """{"version":0}""", null, "reason" },
        { "POST /api/members/import", "/api/members/import?dryRun=yes", "姓名,手机号,组织\n", null, "dryRun" },
        { "POST /api/members/{id}/leave", "/api/members/{zhao}/leave", """{"standing":"gone"}""", null, "standing" },
        { "POST /api/members/{id}/leave", "/api/members/{zhao}/leave", """{"standing":"transferred-out"}""", null, "note" },
        { "POST /api/members/{id}/move", "/api/members/{zhao}/move", """{"branchId":"nope"}""", null, "branchId" },
        { "POST /api/members/{id}/erase", "/api/members/{zhao}/erase", """{"reason":" "}""", null, "reason" },
        { "POST /api/members/import", "/api/members/import?missing=everyone", "姓名,手机号,组织\n", null, "missing" },
        { "POST /api/members/{id}/binding-code", "/api/members/{zhao}/binding-code", null, "short", "Idempotency-Key" },
        { "POST /api/questions/import", "/api/questions/import?name=bank.exe", "x", null, "name" },
        { "POST /api/competitions", "/api/competitions", """{"title":"x"}""", null, "branchId" },
        { "POST /api/competitions", "/api/competitions", """{"branchId":"{branch1}","title":"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"}""", null, "title" },
        { "POST /api/competitions", "/api/competitions", """{"branchId":"{branch1}","questions":0}""", null, "questions" },
        { "POST /api/competitions", "/api/competitions", """{"branchId":"{branch1}","seconds":1}""", null, "seconds" },
        { "POST /api/competitions", "/api/competitions", """{"branchId":"{branch1}","team":"yes"}""", null, "team" },
        { "POST /api/competitions", "/api/competitions", """{"branchId":"{branch1}","category":"没有"}""", null, "category" },
        { "POST /api/competitions/{roomId}/{action:regex(^(start|next|pause|resume|end)$)}", "/api/competitions/{room}/pause", null, "short", "Idempotency-Key" },
        { "POST /api/deliveries/retry", "/api/deliveries/retry", """{"jobId":"x"}""", null, "meetingId" },
        { "POST /api/meetings/{id}/makeups/{memberId}/confirm", "/api/meetings/{meeting}/makeups/{zhao}/confirm", null, "short", "Idempotency-Key" },
        { "POST /api/meetings/{id}/makeups/{memberId}/done", "/api/meetings/{meeting}/makeups/{zhao}/done", """{"note":" "}""", null, "note" },
        { "POST /api/points/members/{id}/volunteer", "/api/points/members/{zhao}/volunteer", """{"points":0,"reason":"植树"}""", null, "points" },
        { "POST /api/points/members/{id}/volunteer", "/api/points/members/{zhao}/volunteer", """{"points":1,"reason":""}""", null, "reason" },
        { "POST /api/talks", "/api/talks", """{"memberA":"{zhao}","memberB":"x"}""", null, "branchId" },
        { "POST /api/talks", "/api/talks", """{"branchId":"{branch1}","memberA":"{zhao}","memberB":"{zhao}"}""", null, "memberB" },
        { "POST /api/talks", "/api/talks", """{"branchId":"{branch1}","memberA":"{zhao}","memberB":"x","date":"2020-01-01"}""", null, "date" },
        { "POST /api/deliveries/retry", "/api/deliveries/retry", """{"meetingId":"x"}""", null, "jobId" },
        { "PUT /api/stars/{branchId}/field", "/api/stars/{branch1}/field", """{"field":"火星"}""", null, "field" },
        { "POST /api/stars/{branchId}/awards", "/api/stars/{branch1}/awards", """{"star":"System","reason":"理由充分"}""", null, "star" },
        { "POST /api/stars/{branchId}/awards", "/api/stars/{branch1}/awards", """{"star":"Feature1"}""", null, "reason" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task WriteRoute_WithOneBadField_IsAProblemNamingThatField(string route, string path, string? body, string? idempotencyKey, string field)
    {
        var method = new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]);
        using var request = fixture.Bot.AdminRequest(method, Fill(path), MeetingBot.OrgKey, body is null ? null : Fill(body));
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        if (path.Contains("/import", StringComparison.Ordinal) && request.Content is not null)
        {
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        }

        using var response = await fixture.Bot.Bot.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{route}: {(int)response.StatusCode} {text}");
        Assert.Equal(ProblemJson.MediaType, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text);
        Assert.Equal(field, problem.ErrorField());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem!["errors"]![field]![0]!.GetValue<string>());
    }

    [Fact]
    public void Table_CoversEveryWriteRoute()
    {
        var covered = Table.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        var writes = fixture.Bot.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT").Select(m => m + " " + e.RoutePattern.RawText))
            .ToList();

        Assert.True(writes.Count > 10, $"only {writes.Count} write routes found");
        Assert.All(writes, route => Assert.Contains(route, covered));
    }

    [Fact]
    public async Task ChangeRefusedWhileBinding_IsAuditedWithItsReason()
    {
        var audit = fixture.Bot.Get<IAuditLog>();
        int Refusals(IEnumerable<AuditEntry> entries) => entries.Count(e => e is { Action: "POST /api/competitions", Status: 400, Detail: "seconds 的值格式有误" });
        var before = Refusals(await audit.ListAsync(null, 1000, default));

        using var request = fixture.Bot.AdminRequest(HttpMethod.Post, "/api/competitions", MeetingBot.OrgKey, Fill("""{"branchId":"{branch1}","seconds":"fast"}"""));
        using var response = await fixture.Bot.Bot.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before + 1, Refusals(await audit.ListAsync(null, 1000, default)));
    }

    private string Fill(string text) => text
        .Replace("{branch1}", fixture.Branch1, StringComparison.Ordinal)
        .Replace("{meeting}", fixture.MeetingId, StringComparison.Ordinal)
        .Replace("{zhao}", CrossBranchBot.Zhao, StringComparison.Ordinal)
        .Replace("{room}", fixture.RoomId, StringComparison.Ordinal)
        .Replace("{start}", Start, StringComparison.Ordinal);
}
