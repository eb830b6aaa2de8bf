using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Admin;

/// <summary>Whatever an admin sends to the console's endpoints, the answer is a JSON 4xx with a Chinese message, never a 500.</summary>
public sealed class ApiBadInputTests(CrossBranchBot fixture) : IClassFixture<CrossBranchBot>
{
    private const string Start = "2026-12-20T02:00:00Z";

    /// <summary>Method, path, body, and the field the error should name (null: no particular field).</summary>
    public static TheoryData<string, string, string?, string?> BadRequests => new()
    {
        { "GET", "/api/meetings?branchId={branch1}&from=abc", null, "from" },
        { "GET", "/api/meetings?branchId={branch1}&to=2026-13-45", null, "to" },
        { "GET", "/api/reports/attendance?branchId={branch1}&from=yesterday", null, "from" },
        { "GET", "/api/reports/attendance.csv?branchId={branch1}&to=%E6%98%8E%E5%A4%A9", null, "to" },
        { "POST", "/api/meetings", "{oops", null },
        { "POST", "/api/meetings", "", null },
        { "POST", "/api/meetings", "[]", null },
        { "POST", "/api/meetings", """{"branchId":5}""", "branchId" },
        { "POST", "/api/meetings", """{"branchId":"{branch1}","type":"党课","start":"tomorrow","place":"x"}""", "start" },
        { "POST", "/api/meetings", """{"branchId":"{branch1}","type":"党课","start":"{start}","place":"x","fence":{"latitude":"north"}}""", "fence" },
        { "POST", "/api/meetings", """{"branchId":"{branch1}","type":"党课","start":"{start}","place":"x","attendeeIds":"everyone"}""", "attendeeIds" },
        { "POST", "/api/meetings", """{"branchId":"{branch1}","type":"党课","start":"9999-12-31T23:59:59Z","place":"x"}""", null },
        { "PUT", "/api/meetings/{meeting}", """{"type":"党课","start":1e999,"place":"x"}""", null },
        { "POST", "/api/meetings", """{"branchId":"{branch1}","type":"党课","start":"{start}","end":"9999-12-31T23:59:59Z","place":"x"}""", null },
        { "PUT", "/api/meetings/{meeting}", """{"type":"党课","start":"{start}","end":"9999-12-31T23:59:59Z","place":"x"}""", null },
        { "PUT", "/api/meetings/nope", """{"type":"党课","start":"{start}","place":"x"}""", null },
        { "POST", "/api/meetings/{meeting}/leave/{zhao}/maybe", null, null },
        { "POST", "/api/meetings/{meeting}/attendance/nobody/checkin", null, null },
        { "GET", "/api/members?page=-1", null, "page" },
        { "GET", "/api/members?pageSize=abc", null, "pageSize" },
        { "GET", "/api/members?page=99999999999999999999", null, "page" },
        { "GET", "/api/members?bound=1", null, "bound" },
        { "POST", "/api/members/import?dryRun=yes", "姓名,手机号,组织\n", "dryRun" },
        { "POST", "/api/members/import", "", null },
        { "POST", "/api/members/nobody/binding-code", null, null },
        { "DELETE", "/api/members/nobody/binding", null, null },
        { "GET", "/api/study/rankings?period=xyz", null, "period" },
        { "GET", "/api/study/participation?days=100000", null, "days" },
        { "GET", "/api/study/participation?days=abc", null, "days" },
        { "GET", "/api/study/wrong-questions?count=abc", null, "count" },
        { "GET", "/api/study/wrong-questions?count=0", null, "count" },
        { "POST", "/api/questions/import?name=bank.exe", "x", "name" },
        { "POST", "/api/questions/import?name=bank.json", "", null },
        { "GET", "/api/compliance?branchId=nope", null, null },
        { "GET", "/api/deliveries?days=100000", null, "days" },
        { "GET", "/api/deliveries?count=-1", null, "count" },
        { "GET", "/api/deliveries?status=lost", null, "status" },
        { "POST", "/api/deliveries/retry", "{oops", null },
        { "POST", "/api/deliveries/retry", "", null },
        { "POST", "/api/deliveries/retry", """{"meetingId":5,"jobId":"x"}""", "meetingId" },
        { "POST", "/api/deliveries/retry", """{"meetingId":"nope","jobId":"x"}""", null },
        { "POST", "/api/deliveries/retry", """{"meetingId":"{meeting}","jobId":"nope"}""", null },
        { "POST", "/api/competitions", "null", null },
        { "POST", "/api/competitions", """{"branchId":"{branch1}","questions":99999999999}""", "questions" },
        { "POST", "/api/competitions", """{"branchId":"{branch1}","seconds":"fast"}""", "seconds" },
        { "POST", "/api/competitions", """{"branchId":"{branch1}","team":"yes"}""", "team" },
        { "POST", "/api/competitions", """{"branchId":"{branch1}","questions":0}""", "questions" },
        { "POST", "/api/competitions", """{"branchId":"{branch1}","category":"没有"}""", "category" },
        { "POST", "/api/competitions", """{"branchId":"nope"}""", "branchId" },
        { "GET", "/api/competitions?count=abc", null, "count" },
        { "GET", "/api/competitions/nope", null, null },
        { "GET", "/api/competitions/nope/qrcode", null, null },
        { "POST", "/api/competitions/nope/start", null, null },
        { "POST", "/api/competitions/{room}/explode", null, null },
        { "GET", "/api/audit?count=abc", null, "count" },
        { "GET", "/api/audit?count=100000", null, "count" },
        { "POST", "/api/accounts", """{"name":"x","password":5}""", "password" },
        { "POST", "/api/accounts", """{"name":"a b","password":"long-enough-pw"}""", "name" },
        { "POST", "/api/accounts", """{"name":"boss","password":"long-enough-pw"}""", "name" },
        { "POST", "/api/accounts", """{"name":"newer","branchId":"nope","password":"long-enough-pw"}""", "branchId" },
        { "PUT", "/api/accounts/boss/password", "{}", "password" },
        { "PUT", "/api/accounts/nobody/password", """{"password":"long-enough-pw"}""", null },
        { "DELETE", "/api/accounts/nobody", null, null },
        { "POST", "/api/session", """{"name":5}""", "name" },
        { "POST", "/api/session", "[]", null },
        { "GET", "/api/no-such-thing", null, null },
        { "GET", "/api/no-such-thing.csv", null, null },
        { "GET", "/api/attendance.csv", null, null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInput_IsAJson4xxWithAMessage_NeverA500(string method, string path, string? body, string? field)
    {
        var filled = Fill(path);
        using var request = fixture.Bot.AdminRequest(new HttpMethod(method), filled, MeetingBot.OrgKey, body is null ? null : Fill(body));
        using var response = await fixture.Bot.Bot.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {filled}: {(int)response.StatusCode} {text}");
        Assert.Equal(ProblemJson.MediaType, response.Content.Headers.ContentType?.MediaType);
        var json = JsonNode.Parse(text)!;
        var error = json["detail"]!.GetValue<string>();
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("BranchBot.", text, StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Equal(field, json.ErrorField());
        }
    }

    private string Fill(string text) => text
        .Replace("{branch1}", fixture.Branch1, StringComparison.Ordinal)
        .Replace("{meeting}", fixture.MeetingId, StringComparison.Ordinal)
        .Replace("{zhao}", CrossBranchBot.Zhao, StringComparison.Ordinal)
        .Replace("{room}", fixture.RoomId, StringComparison.Ordinal)
        .Replace("{start}", Start, StringComparison.Ordinal);
}
