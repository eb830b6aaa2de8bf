using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Core.Competitions;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Study;
using BranchBot.Core.Accounts;
using BranchBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.Admin;

/// <summary>
/// One bot with objects of 测试第一支部 (a meeting with a failed notice and a pending leave, a bound member, a competition
/// room, a console admin account) that the secretary of 测试第二支部 tries to reach, with its key and with an account session.
/// </summary>
public sealed class CrossBranchBot : IAsyncLifetime
{
    public const string Password = "branch2-password";

    public MeetingBot Bot { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public string Branch1 { get; private set; } = null!;

    public string MeetingId { get; private set; } = null!;

    public string FailedJobId { get; private set; } = null!;

    public string RoomId { get; private set; } = null!;

    public string SessionToken { get; private set; } = null!;

    public static string Zhao => MeetingBot.MemberId("13800000002");

    public async Task InitializeAsync()
    {
        // Every route is tried with two bad bearers from one address: the per-address limit must stay above that as routes are added.
        Bot = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["Competitions:RunTicker"] = "false", ["Console:FailuresPerAddress"] = "1000" }, configure: s => s.AddSingleton<ILoggerProvider>(Logs));
        await Bot.Get<IQuestionStore>().UpsertAsync(QuestionBankParser.ParseJson(StudyBot.Bank).Rows, default);
        await Bot.Get<QuestionBankCache>().RefreshAsync(default);
        Branch1 = await Bot.BranchIdAsync("测试第一支部");
        var branch2 = await Bot.BranchIdAsync("测试第二支部");

        var meeting = await Bot.ScheduleAsync(TimeSpan.FromDays(2));
        MeetingId = meeting.Id;
        Bot.Sms.Answer = _ => SmsResult.Failed("isv.BUSINESS_LIMIT_CONTROL", "触发流控", retryable: false);
        Bot.Clock.Advance(TimeSpan.FromDays(1));
        await Bot.DispatchAsync();
        Bot.Sms.Answer = null;
        FailedJobId = (await Bot.Get<IReminderQueue>().ListOutcomesAsync(MeetingId, default)).First(o => o.Status == DeliveryStatus.Failed).JobId;
        Assert.True((await Bot.Get<AttendanceService>().RequestLeaveAsync(meeting, Zhao, "出差", default)).Changed);

        var (status, json, body) = await Bot.CallAsync(HttpMethod.Post, "/api/competitions", json: $$"""{"branchId":"{{Branch1}}","questions":2,"manual":true}""");
        Assert.True(status == HttpStatusCode.Created, body);
        RoomId = json!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Created, (await Bot.CallAsync(HttpMethod.Post, "/api/accounts", json: """{"name":"boss","password":"boss-password-1"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await Bot.CallAsync(HttpMethod.Post, "/api/accounts", json: $$"""{"name":"sec2","branchId":"{{branch2}}","password":"{{Password}}"}""")).Status);
        (status, json, body) = await Bot.CallAsync(HttpMethod.Post, "/api/session", key: null, json: $$"""{"name":"sec2","password":"{{Password}}"}""");
        Assert.True(status == HttpStatusCode.OK, body);
        SessionToken = json!["token"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await Bot.DisposeAsync();
}

/// <summary>Every /api route needs a bearer; a branch secretary cannot read or change another branch's objects.</summary>
public sealed class ApiAuthorizationTests(CrossBranchBot fixture) : IClassFixture<CrossBranchBot>
{
    private MeetingBot Bot => fixture.Bot;

    [Fact]
    public async Task EveryApiRoute_WithoutOrWithABadBearer_Is401Json()
    {
        var routes = Bot.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .Where(r => r != ("POST", "/api/session"))
            .Distinct()
            .ToList();
        Assert.True(routes.Count > 40, $"only {routes.Count} routes found");
        Assert.Contains(("GET", "/api/meetings/{id}"), routes);

        foreach (var (method, pattern) in routes)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]+\}", "x1");
            foreach (var key in new[] { null, "not-a-key", "A".PadRight(43, 'A') })
            {
                using var request = Bot.AdminRequest(new HttpMethod(method), path, key, method is "POST" or "PUT" ? "{}" : null);
                using var response = await Bot.Bot.Http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with key '{key}': {(int)response.StatusCode} {body}");
                Assert.Equal(ProblemJson.MediaType, response.Content.Headers.ContentType?.MediaType);
                Assert.False(string.IsNullOrEmpty(JsonNode.Parse(body)!["detail"]!.GetValue<string>()));
            }
        }
    }

    public static TheoryData<string, string, string?> OtherBranchRequests => new()
    {
        { "GET", "/api/meetings?branchId={branch1}", null },
        { "POST", "/api/meetings", """{"branchId":"{branch1}","type":"党课","start":"2026-12-20T02:00:00Z","place":"会议室"}""" },
        { "GET", "/api/meetings/{meeting}", null },
        { "PUT", "/api/meetings/{meeting}", """{"type":"党课","start":"2026-12-20T02:00:00Z","place":"别处"}""" },
        { "DELETE", "/api/meetings/{meeting}", null },
        { "GET", "/api/meetings/{meeting}/checkin-code", null },
        { "GET", "/api/meetings/{meeting}/qrcode", null },
        { "GET", "/api/meetings/{meeting}/attendance", null },
        { "GET", "/api/meetings/{meeting}/attendance.csv", null },
        { "POST", "/api/meetings/{meeting}/attendance/{zhao}/checkin", null },
        { "POST", "/api/meetings/{meeting}/leave/{zhao}/approve", null },
        { "POST", "/api/meetings/{meeting}/leave/{zhao}/refuse", null },
        { "GET", "/api/meetings/{meeting}/deliveries", null },
        { "GET", "/api/meetings/{meeting}/photos", null },
        { "GET", "/api/meetings/{meeting}/photos/x1", null },
        { "GET", "/api/reports/attendance?branchId={branch1}", null },
        { "GET", "/api/reports/attendance.csv?branchId={branch1}", null },
        { "GET", "/api/members?branchId={branch1}", null },
        { "POST", "/api/members/{zhao}/binding-code", null },
        { "DELETE", "/api/members/{zhao}/binding", null },
        { "GET", "/api/study/rankings?branchId={branch1}&period=all", null },
        { "GET", "/api/study/participation?branchId={branch1}", null },
        { "POST", "/api/questions/import?name=bank.json", StudyBot.Bank },
        { "GET", "/api/compliance?branchId={branch1}", null },
        { "GET", "/api/deliveries?branchId={branch1}", null },
        { "POST", "/api/deliveries/retry", """{"meetingId":"{meeting}","jobId":"{job}"}""" },
        { "POST", "/api/deliveries/retry", """{"meetingId":"compliance:{branch1}","jobId":"x"}""" },
        { "POST", "/api/competitions", """{"branchId":"{branch1}"}""" },
        { "GET", "/api/competitions/active?branchId={branch1}", null },
        { "GET", "/api/competitions/{room}", null },
        { "GET", "/api/competitions/{room}/qrcode", null },
        { "POST", "/api/competitions/{room}/start", null },
        { "POST", "/api/competitions/{room}/next", null },
        { "POST", "/api/competitions/{room}/pause", null },
        { "POST", "/api/competitions/{room}/resume", null },
        { "POST", "/api/competitions/{room}/end", null },
        { "GET", "/api/audit?branchId={branch1}", null },
        { "GET", "/api/accounts", null },
        { "POST", "/api/accounts", """{"name":"newboss","password":"newboss-password"}""" },
        { "PUT", "/api/accounts/boss/password", """{"password":"taken-over-password"}""" },
        { "DELETE", "/api/accounts/boss", null },
    };

    [Theory]
    [MemberData(nameof(OtherBranchRequests))]
    public async Task OtherBranchesObjects_AreRefused403_WithTheSecretarysKeyAndSession(string method, string path, string? body)
    {
        foreach (var key in new[] { MeetingBot.Branch2Key, fixture.SessionToken })
        {
            var (status, json, text) = await Bot.CallAsync(new HttpMethod(method), Fill(path), key, body is null ? null : Fill(body));
            Assert.True(status == HttpStatusCode.Forbidden, $"{method} {Fill(path)}: {(int)status} {text}");
            Assert.False(string.IsNullOrEmpty(json!["detail"]!.GetValue<string>()));
        }

        await AssertUntouchedAsync();
    }

    [Fact]
    public async Task SecretarysOwnLists_NeverShowAnotherBranchesObjects()
    {
        foreach (var key in new[] { MeetingBot.Branch2Key, fixture.SessionToken })
        {
            Assert.Empty((await Bot.GetAsync("/api/deliveries", key)).Json!["items"]!.AsArray());
            Assert.Empty((await Bot.GetAsync("/api/competitions/active", key)).Json!.AsArray());
            Assert.DoesNotContain((await Bot.GetAsync("/api/meetings", key)).Json!.AsArray(), m => m!["branchId"]!.GetValue<string>() == fixture.Branch1);
            Assert.DoesNotContain((await Bot.GetAsync("/api/audit", key)).Json!.AsArray(), e => e!["branchId"]?.GetValue<string>() == fixture.Branch1);
            Assert.DoesNotContain((await Bot.GetAsync("/api/competitions", key)).Json!.AsArray(), r => r!["branchId"]!.GetValue<string>() == fixture.Branch1);
            Assert.DoesNotContain((await Bot.GetAsync("/api/members?pageSize=200", key)).Json!["items"]!.AsArray(), m => m!["branchId"]!.GetValue<string>() == fixture.Branch1);
            Assert.DoesNotContain((await Bot.GetAsync("/api/branches", key)).Json!.AsArray(), b => b!["id"]!.GetValue<string>() == fixture.Branch1);
            Assert.DoesNotContain((await Bot.GetAsync("/api/me", key)).Json!["branches"]!.AsArray(), b => b!["id"]!.GetValue<string>() == fixture.Branch1);
        }
    }

    [Fact]
    public async Task SecretarysCompetitionResults_AreFoundBehindNewerResultsOfOtherBranches()
    {
        var branch2 = await Bot.BranchIdAsync("测试第二支部");
        foreach (var branch in new[] { branch2, fixture.Branch1, fixture.Branch1 })
        {
            var room = (await Bot.CallAsync(HttpMethod.Post, "/api/competitions", json: $$"""{"branchId":"{{branch}}","questions":1}""")).Json!["id"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await Bot.CallAsync(HttpMethod.Post, $"/api/competitions/{room}/end")).Status);
        }

        var results = (await Bot.GetAsync("/api/competitions?count=1", fixture.SessionToken)).Json!.AsArray();
        Assert.Equal(branch2, Assert.Single(results)!["branchId"]!.GetValue<string>());
    }

    [Fact]
    public async Task SecretarysRosterImport_CannotDemoteAnAdminOfTheirBranch()
    {
        var sun = MeetingBot.MemberId("13800000004");
        var admin = "姓名,手机号,组织,党小组,状态,角色\n孙三,13800000004,测试党委/测试第二支部,,正式,管理员\n"u8.ToArray();
        Assert.True((await Bot.PostBytesAsync("/api/members/import", admin)).Json!["ok"]!.GetValue<bool>());

        var demote = "姓名,手机号,组织,党小组,状态,角色\n孙三,13800000004,测试党委/测试第二支部,,正式,党员\n"u8.ToArray();
        var (status, json, _) = await Bot.PostBytesAsync("/api/members/import", demote, MeetingBot.Branch2Key);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(json!["ok"]!.GetValue<bool>());
        Assert.Contains("管理员", Assert.Single(json["errors"]!.AsArray())!["message"]!.GetValue<string>());
        Assert.Equal(MemberRole.Admin, (await Bot.Get<IMemberStore>().GetMemberAsync(sun, default))!.Role);
    }

    [Fact]
    public async Task NoAnswerAuditEntryOrLogLine_HoldsAPasswordHashSessionDigestOrKey()
    {
        await Bot.CallAsync(HttpMethod.Post, "/api/session", key: null, json: """{"name":"boss","password":"wrong-password"}""");
        await Bot.CallAsync(HttpMethod.Post, "/api/session", key: null, json: """{"token":"guessed-key-0123456789abcdef"}""");
        var keySession = (await Bot.CallAsync(HttpMethod.Post, "/api/session", key: null, json: $$"""{"token":"{{MeetingBot.Branch2Key}}"}""")).Json!["token"]!.GetValue<string>();
        await Bot.CallAsync(HttpMethod.Put, "/api/accounts/sec2/password", fixture.SessionToken, """{"password":"short"}""");
        await Bot.CallAsync(HttpMethod.Post, "/api/accounts", json: """{"name":"temp","password":"temp-password-1"}""");
        await Bot.CallAsync(HttpMethod.Delete, "/api/accounts/temp");

        var answers = new List<string>();
        foreach (var (path, key) in new[] { ("/api/accounts", MeetingBot.OrgKey), ("/api/audit?count=1000", MeetingBot.OrgKey), ("/api/me", fixture.SessionToken), ("/api/me", keySession), ("/api/audit", fixture.SessionToken) })
        {
            answers.Add((await Bot.GetAsync(path, key)).Body);
        }

        var hashes = (await Bot.Get<IAccountStore>().ListAccountsAsync(default)).Select(a => a.PasswordHash).ToList();
        var secrets = hashes.Concat(hashes.Select(h => h.Split('$')[3]))
            .Concat([MeetingBot.OrgKey, MeetingBot.Branch2Key, "guessed-key-0123456789abcdef", "wrong-password", fixture.SessionToken, keySession,
                BranchBot.Core.Accounts.SessionToken.Digest(fixture.SessionToken), BranchBot.Core.Accounts.SessionToken.Digest(keySession), "pbkdf2"]);
        var everything = answers.Concat(fixture.Logs.Entries.Select(e => e.Message + e.Exception)).ToList();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(everything, text => text.Contains(secret, StringComparison.Ordinal));
        }

        Assert.Contains("登录失败", answers[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MeetingOfOwnBranch_WithAnotherBranchesAttendeesOrHost_IsRefusedAndNothingIsSaved()
    {
        var branch2 = await Bot.BranchIdAsync("测试第二支部");
        var own = (await Bot.Get<IMemberStore>().QueryAsync(new MemberQuery(branch2, null, null, 0, 10), default)).Items[0].Id;
        var before = (await Bot.Get<IMeetingStore>().ListByBranchAsync(branch2, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, default)).Count;
        foreach (var extra in new[] { $$""","attendeeIds":["{{own}}","{{CrossBranchBot.Zhao}}"]""", $$""","hostMemberId":"{{CrossBranchBot.Zhao}}" """, $$""","attendeeIds":["nobody"]""" })
        {
            var (status, json, text) = await Bot.CallAsync(HttpMethod.Post, "/api/meetings", fixture.SessionToken,
                $$"""{"branchId":"{{branch2}}","type":"党课","start":"2026-12-20T02:00:00Z","place":"会议室"{{extra}}}""");
            Assert.True(status == HttpStatusCode.BadRequest, text);
            Assert.Contains("本支部", json!["detail"]!.GetValue<string>());
        }

        Assert.Equal(before, (await Bot.Get<IMeetingStore>().ListByBranchAsync(branch2, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, default)).Count);
        var (created, view, body) = await Bot.CallAsync(HttpMethod.Post, "/api/meetings", fixture.SessionToken,
            $$"""{"branchId":"{{branch2}}","type":"党课","start":"2026-12-20T02:00:00Z","place":"会议室","attendeeIds":["{{own}}",null,""],"hostMemberId":"{{own}}"}""");
        Assert.True(created == HttpStatusCode.Created, body);
        Assert.Equal(1, view!["attendees"]!.GetValue<int>());

        var meetingId = view["id"]!.GetValue<string>();
        var (updated, error, _) = await Bot.CallAsync(HttpMethod.Put, $"/api/meetings/{meetingId}", fixture.SessionToken,
            $$"""{"type":"党课","start":"2026-12-20T02:00:00Z","place":"会议室","attendeeIds":["{{CrossBranchBot.Zhao}}"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, updated);
        Assert.Contains("本支部", error!["detail"]!.GetValue<string>());
        Assert.Null(await Bot.Get<IMeetingStore>().GetAttendeeAsync(meetingId, CrossBranchBot.Zhao, default));
    }

    /// <summary>None of the refused requests changed anything of 测试第一支部.</summary>
    private async Task AssertUntouchedAsync()
    {
        var meetings = Bot.Get<IMeetingStore>();
        var meeting = (await meetings.GetMeetingAsync(fixture.MeetingId, default))!;
        Assert.Equal((MeetingStatus.Scheduled, "三楼会议室", 1L), (meeting.Status, meeting.Place, meeting.Version));
        Assert.Equal(AttendanceStatus.LeaveRequested, (await meetings.GetAttendeeAsync(fixture.MeetingId, CrossBranchBot.Zhao, default))!.Status);
        Assert.NotNull((await Bot.Get<IMemberStore>().GetMemberAsync(CrossBranchBot.Zhao, default))!.OpenId);
        Assert.Equal(RoomPhase.Lobby, (await Bot.Get<ICompetitionStore>().GetStateAsync(fixture.RoomId, default))!.Phase);
        Assert.DoesNotContain(await Bot.Get<IReminderQueue>().ListAsync(fixture.MeetingId, default), j => j.Id.Contains("~r", StringComparison.Ordinal));
        Assert.Null(await Bot.Get<IAccountStore>().GetAccountAsync("newboss", default));
        Assert.NotNull(await Bot.Get<IAccountStore>().GetAccountAsync("boss", default));
        Assert.Single(await meetings.ListByBranchAsync(fixture.Branch1, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, default));
    }

    private string Fill(string text) => text
        .Replace("{branch1}", fixture.Branch1, StringComparison.Ordinal)
        .Replace("{meeting}", fixture.MeetingId, StringComparison.Ordinal)
        .Replace("{zhao}", CrossBranchBot.Zhao, StringComparison.Ordinal)
        .Replace("{job}", fixture.FailedJobId, StringComparison.Ordinal)
        .Replace("{room}", fixture.RoomId, StringComparison.Ordinal);
}
