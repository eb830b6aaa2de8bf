using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BranchBot.Core.Meetings;

namespace BranchBot.Tests.Meetings;

/// <summary>The admin API: keys, branch scope, JSON errors, meetings, attendance and CSV.</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private MeetingBot _bot = null!;

    public async Task InitializeAsync() => _bot = await MeetingBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? key = MeetingBot.OrgKey, string? json = null)
    {
        using var response = await _bot.Bot.Http.SendAsync(_bot.AdminRequest(method, path, key, json));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/meetings")]
    [InlineData("POST", "/api/meetings")]
    [InlineData("GET", "/api/meetings/x/attendance.csv")]
    [InlineData("GET", "/api/reports/attendance")]
    [InlineData("GET", "/api/no/such/route")]
    public async Task EveryApiRoute_WithoutOrWithAWrongKey_Is401(string method, string path)
    {
        foreach (var key in new[] { null, "wrong-key-0123456789abcdef", MeetingBot.OrgKey + "x" })
        {
            var (status, body) = await SendAsync(new HttpMethod(method), path, key);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Contains("\"detail\"", body);
        }
    }

    [Fact]
    public async Task CreateMeeting_BadJsonOrFields_Is400WithAMessage()
    {
        var branch = await _bot.BranchIdAsync("测试第一支部");
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "/api/meetings", json: "{not json")).Status);
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/meetings", json: $$"""{"branchId":"{{branch}}","type":"茶话会","start":"2026-12-01T06:30:00Z","place":"三楼"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("type 不认识", body);
        (status, body) = await SendAsync(HttpMethod.Post, "/api/meetings", json: $$"""{"branchId":"{{branch}}","type":"Committee","start":"2020-12-01T06:30:00Z","place":"三楼"}""");
        Assert.Equal((HttpStatusCode.BadRequest, true), (status, body.Contains("会议时间已过")));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/meetings/nope")).Status);
    }

    [Fact]
    public async Task BranchKey_SeesOnlyItsOwnBranch()
    {
        var branch1 = await _bot.BranchIdAsync("测试第一支部");
        var meeting = await _bot.ScheduleAsync(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"/api/meetings/{meeting.Id}", MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"/api/meetings?branchId={branch1}", MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Delete, $"/api/meetings/{meeting.Id}", MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/meetings", MeetingBot.Branch2Key,
            $$"""{"branchId":"{{branch1}}","type":"Committee","start":"2026-12-01T06:30:00Z","place":"三楼"}""")).Status);
        Assert.Equal(MeetingStatus.Scheduled, (await _bot.Get<IMeetingStore>().GetMeetingAsync(meeting.Id, default))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/meetings", MeetingBot.Branch2Key)).Status);
    }

    [Fact]
    public async Task Meeting_CreatedChangedAndCancelled_ThroughTheApi()
    {
        var branch = await _bot.BranchIdAsync("测试第一支部");
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/meetings",
            json: $$$"""{"branchId":"{{{branch}}}","type":"支委会","title":"十二月支委会","start":"2026-12-01T06:30:00Z","place":"三楼会议室","fence":{"latitude":39.9,"longitude":116.4,"radiusMeters":150}}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var created = JsonNode.Parse(body)!;
        Assert.Equal("十二月支委会", created["title"]!.GetValue<string>());
        Assert.Equal("12月1日(周二) 14:30", created["startText"]!.GetValue<string>());
        Assert.Equal(1, created["attendees"]!.GetValue<int>());
        var id = created["id"]!.GetValue<string>();

        (status, body) = await SendAsync(HttpMethod.Put, $"/api/meetings/{id}", json: """{"type":"Committee","start":"2026-12-02T06:30:00Z","place":"五楼"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, JsonNode.Parse(body)!["version"]!.GetValue<int>());

        (status, body) = await SendAsync(HttpMethod.Get, $"/api/meetings?branchId={branch}");
        Assert.Contains("五楼", body);
        (status, _) = await SendAsync(HttpMethod.Delete, $"/api/meetings/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        (_, body) = await SendAsync(HttpMethod.Get, $"/api/meetings/{id}/deliveries");
        Assert.Contains("Cancelled", body);
    }

    [Fact]
    public async Task Attendance_ProxyCheckInAndCsvWithBomForExcel()
    {
        var meeting = await _bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        var zhao = MeetingBot.MemberId("13800000002");
        var (status, body) = await SendAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/attendance/{zhao}/checkin");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("签到成功", body);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/attendance/mnobody/checkin")).Status);

        (_, body) = await SendAsync(HttpMethod.Get, $"/api/meetings/{meeting.Id}/attendance");
        var json = JsonNode.Parse(body)!;
        Assert.Equal(4, json["counts"]!["expected"]!.GetValue<int>());
        Assert.Equal(1, json["counts"]!["present"]!.GetValue<int>());

        using var csv = await _bot.Bot.Http.SendAsync(_bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{meeting.Id}/attendance.csv"));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("会议,时间,姓名,职务,表决权,状态,签到时间,签到方式,请假理由\r\n", text);
        Assert.Contains("赵一,党员,有,已签到", text);
        Assert.Contains("书记代签", text);

        var branch = await _bot.BranchIdAsync("测试第一支部");
        using var report = await _bot.Bot.Http.SendAsync(_bot.AdminRequest(HttpMethod.Get, $"/api/reports/attendance.csv?branchId={branch}&from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z"));
        var summary = Encoding.UTF8.GetString((await report.Content.ReadAsByteArrayAsync())[3..]);
        Assert.StartsWith("姓名,应到,实到,迟到,请假,缺席,出勤率,应补学,已补学,已确认补学\r\n", summary);
        Assert.Contains("赵一,1,1,0,0,0,100%", summary);
    }
}
