using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Core.Accounts;
using BranchBot.Core.Audit;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Accounts;

/// <summary>
/// Console sign-in, sessions and accounts on the real host (Kestrel, Redis). Each test signs in from its own client
/// address (X-Forwarded-For from loopback), so the per-address limit of one test does not touch another.
/// </summary>
public sealed class SessionApiTests : IAsyncLifetime
{
    private const string Password = "lianghao-mima-2026";

    private MeetingBot _bot = null!;
    private string _branch1 = null!;
    private string _branch2 = null!;

    public async Task InitializeAsync()
    {
        _bot = await MeetingBot.StartAsync();
        _branch1 = await _bot.BranchIdAsync("测试第一支部");
        _branch2 = await _bot.BranchIdAsync("测试第二支部");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode? Json, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? bearer = MeetingBot.OrgKey,
        string? json = null, string from = "203.0.113.1")
    {
        var request = _bot.AdminRequest(method, path, bearer, json);
        request.Headers.Add("X-Forwarded-For", from);
        var response = await _bot.Bot.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal((int)response.StatusCode >= 400 ? ProblemJson.MediaType : "application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(body), response);
    }

    private async Task CreateAccountAsync(string name, string? branchId, string password = Password)
    {
        var branch = branchId is null ? "null" : $"\"{branchId}\"";
        var (status, _, _) = await SendAsync(HttpMethod.Post, "/api/accounts", json: $$"""{"name":"{{name}}","branchId":{{branch}},"password":"{{password}}"}""");
        Assert.Equal(HttpStatusCode.Created, status);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Json, HttpResponseMessage Response)> SignInAsync(string name, string password, string from = "203.0.113.1") =>
        await SendAsync(HttpMethod.Post, "/api/session", null, $$"""{"name":"{{name}}","password":"{{password}}"}""", from);

    private async Task<string> TokenAsync(string name, string password = Password)
    {
        var (status, json, _) = await SignInAsync(name, password);
        Assert.Equal(HttpStatusCode.OK, status);
        return json!["token"]!.GetValue<string>();
    }

    [Fact]
    public async Task SignIn_RightPassword_GivesASessionThatWorksAsBearer()
    {
        await CreateAccountAsync("wang", _branch1);

        var (status, json, _) = await SignInAsync("wang", Password);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("wang", json!["name"]!.GetValue<string>());
        Assert.Equal(_branch1, json["branchId"]!.GetValue<string>());
        Assert.False(json["isAdmin"]!.GetValue<bool>());
        Assert.Equal(_bot.Clock.GetUtcNow().AddHours(12), json["expiresAt"]!.GetValue<DateTimeOffset>());
        var token = json["token"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);

        var (meStatus, me, _) = await SendAsync(HttpMethod.Get, "/api/me", token);
        Assert.Equal(HttpStatusCode.OK, meStatus);
        Assert.Equal("测试第一支部", me!["branchName"]!.GetValue<string>());
        Assert.False(me["demo"]!.GetValue<bool>());
        Assert.Equal([_branch1], me["branches"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/api/meetings?branchId={_branch1}", token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"/api/meetings?branchId={_branch2}", token)).Status);
    }

    [Fact]
    public async Task Me_ForAnAdminKey_ListsEveryBranch()
    {
        var (_, me, _) = await SendAsync(HttpMethod.Get, "/api/me");

        Assert.True(me!["isAdmin"]!.GetValue<bool>());
        Assert.Equal(["测试第一支部", "测试第二支部"], me["branches"]!.AsArray().Select(b => b!["name"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownName_Is401WithTheSameMessage()
    {
        await CreateAccountAsync("wang", _branch1);

        var (status, json, _) = await SignInAsync("wang", Password + "x");
        Assert.Equal((HttpStatusCode.Unauthorized, "用户名或密码不正确"), (status, json!["detail"]!.GetValue<string>()));
        (status, json, _) = await SignInAsync("zhao", Password);
        Assert.Equal((HttpStatusCode.Unauthorized, "用户名或密码不正确"), (status, json!["detail"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SignIn_NoAccountCreated_NoDefaultCredentialWorks()
    {
        foreach (var (name, password) in new[] { ("admin", "admin"), ("admin", "password"), ("admin", "123456"), ("root", "root"), ("管理员", "admin123456") })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(name, password, "198.51.100." + name.Length)).Status);
        }

        Assert.Empty(await _bot.Get<IAccountStore>().ListAccountsAsync(default));
    }

    [Fact]
    public async Task SignIn_AfterFiveFailuresForOneName_EachAttemptWaitsItsTurn_ThenTheRightPasswordWorks()
    {
        await CreateAccountAsync("wang", _branch1);
        for (var i = 1; i <= 6; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("wang", "wrong-password-" + i, "198.51.100." + i)).Status);
        }

        var (status, json, response) = await SignInAsync("WANG", Password, "198.51.100.99");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        var seconds = json!["retryAfterSeconds"]!.GetValue<int>();
        Assert.InRange(seconds, 1, 2);
        Assert.Equal(TimeSpan.FromSeconds(seconds), response.Headers.RetryAfter!.Delta);
        Assert.Contains("尝试次数过多", json["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("lisi", Password, "198.51.100.99")).Status);

        await Task.Delay(TimeSpan.FromSeconds(seconds) + TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync("wang", Password, "198.51.100.99")).Status);
    }

    [Fact]
    public async Task SignIn_ParallelGuessesForOneName_NoMoreThanSixAreChecked()
    {
        await CreateAccountAsync("wang", _branch1);

        var statuses = await Task.WhenAll(Enumerable.Range(1, 15).Select(i => SignInAsync("wang", "wrong-password-" + i, "198.51.100." + i)));

        // Five free attempts, then one per wait.
        Assert.Equal(6, statuses.Count(s => s.Status == HttpStatusCode.Unauthorized));
        Assert.Equal(9, statuses.Count(s => s.Status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task SignIn_ParallelGuessesFromOneAddressForManyNames_StillStopAtTheAddressLimit()
    {
        var statuses = await Task.WhenAll(Enumerable.Range(1, 60).Select(i => SignInAsync("name" + i, "wrong-password", "198.51.100.200")));

        // Checks run a few at a time, so the address count is seen by the ones after: at most a few over 20.
        Assert.InRange(statuses.Count(s => s.Status == HttpStatusCode.Unauthorized), 20, 20 + SignInService.ParallelChecks - 1);
        // Beyond the bounded queue of password checks the answer is 503 at once.
        Assert.All(statuses, s => Assert.Contains(s.Status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable }));
    }

    [Fact]
    public async Task SignIn_SuccessesResetTheNamesCountAndDoNotCountForTheAddress()
    {
        await CreateAccountAsync("wang", _branch1);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("wang", "wrong-password", "192.0.2.9")).Status);
            }

            Assert.Equal(HttpStatusCode.OK, (await SignInAsync("wang", Password, "192.0.2.9")).Status);
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync("wang", Password, "192.0.2.9")).Status);
        }
    }

    [Fact]
    public async Task SignIn_AfterTwentyFailuresFromOneAddress_Is429ForEveryNameFromThere()
    {
        await CreateAccountAsync("wang", _branch1);
        for (var i = 1; i <= 20; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Post, "/api/session", null, $$"""{"token":"guess-{{i}}"}""", "192.0.2.7")).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync("wang", Password, "192.0.2.7")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync("wang", Password, "192.0.2.8")).Status);
    }

    [Fact]
    public async Task SignIn_WithAnApiKey_GivesASessionWithTheKeysBranch()
    {
        var (status, json, _) = await SendAsync(HttpMethod.Post, "/api/session", null, $$"""{"token":"{{MeetingBot.Branch2Key}}"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((_branch2, false), (json!["branchId"]!.GetValue<string>(), json["isAdmin"]!.GetValue<bool>()));
        var (meStatus, me, _) = await SendAsync(HttpMethod.Get, "/api/me", json["token"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, "branch2"), (meStatus, me!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Post, "/api/session", null, """{"token":"not-a-key-0123456789abcdef"}""")).Status);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        await CreateAccountAsync("wang", _branch1);
        var token = await TokenAsync("wang");

        var (status, json, _) = await SendAsync(HttpMethod.Delete, "/api/session", token);

        Assert.Equal((HttpStatusCode.OK, true), (status, json!["signedOut"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/me", token)).Status);
    }

    [Fact]
    public async Task DeletedAccount_ItsSessionIsRefusedAtOnce()
    {
        await CreateAccountAsync("wang", _branch1);
        var token = await TokenAsync("wang");

        var (status, _, _) = await SendAsync(HttpMethod.Delete, "/api/accounts/wang");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/me", token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("wang", Password)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "/api/accounts/wang")).Status);
    }

    [Fact]
    public async Task ChangeOwnPassword_EndsOldSessionsAndGivesANewOne()
    {
        await CreateAccountAsync("wang", _branch1);
        await CreateAccountAsync("zhao", _branch1);
        var token = await TokenAsync("wang");
        var other = await TokenAsync("wang");

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Put, "/api/accounts/zhao/password", token, """{"password":"zhao-new-password"}""")).Status);
        var (status, json, _) = await SendAsync(HttpMethod.Put, "/api/accounts/wang/password", token, """{"password":"wang-new-password"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/me", other)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/me", json!["token"]!.GetValue<string>())).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("wang", Password)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync("wang", "wang-new-password")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync("zhao", Password)).Status);
    }

    [Fact]
    public async Task Secretary_AdminOnlyAccountEndpoints_Are403AndChangeNothing()
    {
        await CreateAccountAsync("wang", _branch1);
        var token = await TokenAsync("wang");

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/accounts", token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/accounts", token, $$"""{"name":"boss","password":"{{Password}}"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Delete, "/api/accounts/wang", token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/accounts", MeetingBot.Branch2Key)).Status);
        Assert.Equal(["wang"], (await _bot.Get<IAccountStore>().ListAccountsAsync(default)).Select(a => a.Name));
    }

    [Fact]
    public async Task Accounts_ListedForAdminWithBranchNameAndCreator()
    {
        await CreateAccountAsync("wang", _branch1);
        await CreateAccountAsync("总管", null);

        var (status, json, _) = await SendAsync(HttpMethod.Get, "/api/accounts");

        Assert.Equal(HttpStatusCode.OK, status);
        var list = json!.AsArray();
        Assert.Equal(["wang", "总管"], list.Select(a => a!["name"]!.GetValue<string>()));
        Assert.Equal("测试第一支部", list[0]!["branchName"]!.GetValue<string>());
        Assert.Equal("org", list[0]!["createdBy"]!.GetValue<string>());
        Assert.Null(list[1]!["branchId"]);
        Assert.DoesNotContain("pbkdf2", json.ToJsonString());
    }

    [Fact]
    public async Task CreateAccount_TwoWithTheSamePassword_StoreDifferentSaltedHashesOnly()
    {
        await CreateAccountAsync("wang", _branch1);
        await CreateAccountAsync("zhao", _branch1);

        var store = _bot.Get<IAccountStore>();
        var wang = (await store.GetAccountAsync("wang", default))!.PasswordHash;
        var zhao = (await store.GetAccountAsync("zhao", default))!.PasswordHash;
        Assert.NotEqual(wang, zhao);
        Assert.DoesNotContain(Password, wang);
        Assert.StartsWith("pbkdf2-sha256$", wang);
    }

    [Theory]
    [InlineData("POST", "/api/session", null, "{not json", 400, null)]
    [InlineData("POST", "/api/session", null, "", 400, null)]
    [InlineData("POST", "/api/session", null, "[1,2]", 400, null)]
    [InlineData("POST", "/api/session", null, """{"name":"wang"}""", 400, "password")]
    [InlineData("POST", "/api/session", null, """{"password":"x"}""", 400, "name")]
    [InlineData("POST", "/api/session", null, """{"name":5,"password":"x"}""", 400, "name")]
    [InlineData("POST", "/api/accounts", "org", "{\"name\":", 400, null)]
    [InlineData("POST", "/api/accounts", "org", """{"name":"w","password":"long-enough-1"}""", 400, "name")]
    [InlineData("POST", "/api/accounts", "org", """{"name":"wang li","password":"long-enough-1"}""", 400, "name")]
    [InlineData("POST", "/api/accounts", "org", """{"name":"wang","password":"short"}""", 400, "password")]
    [InlineData("POST", "/api/accounts", "org", """{"name":"wang","password":"long-enough-1","branchId":"nosuch"}""", 400, "branchId")]
    [InlineData("PUT", "/api/accounts/wang/password", "org", "{}", 400, "password")]
    [InlineData("PUT", "/api/accounts/wang/password", "org", "nonsense", 400, null)]
    [InlineData("PUT", "/api/accounts/nobody/password", "org", """{"password":"long-enough-1"}""", 404, null)]
    [InlineData("GET", "/api/audit?count=abc", "org", null, 400, "count")]
    [InlineData("GET", "/api/audit?count=0", "org", null, 400, "count")]
    [InlineData("GET", "/api/audit?count=1001", "org", null, 400, "count")]
    [InlineData("POST", "/api/session", null, """{"token":"","password":"x"}""", 400, "name")]
    [InlineData("POST", "/api/accounts", "org", """{"name":"wang","password":"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"}""", 400, "password")]
    [InlineData("POST", "/api/accounts", "org", """{"name":"wang|x","password":"long-enough-1"}""", 400, "name")]
    public async Task BadInput_GetsAJsonErrorNamingTheField(string method, string path, string? key, string? body, int expected, string? field)
    {
        var (status, json, _) = await SendAsync(new HttpMethod(method), path, key is null ? null : MeetingBot.OrgKey, body);

        Assert.Equal(expected, (int)status);
        Assert.False(string.IsNullOrEmpty(json!["detail"]!.GetValue<string>()));
        Assert.Equal(field, json.ErrorField());
    }

    [Fact]
    public async Task CreateAccount_NameTaken_Is409()
    {
        await CreateAccountAsync("wang", _branch1);

        var (status, json, _) = await SendAsync(HttpMethod.Post, "/api/accounts", json: $$"""{"name":"wang","password":"{{Password}}"}""");

        Assert.Equal((HttpStatusCode.Conflict, "name"), (status, json!.ErrorField()));
    }

    [Fact]
    public async Task SignIn_OversizedBody_Is413()
    {
        var (status, json, _) = await SendAsync(HttpMethod.Post, "/api/session", null, $$"""{"name":"wang","password":"{{new string('x', 10_000)}}"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("请求体过大", json!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Audit_RecordsChangesAndSignInsWithWhoAndOutcome()
    {
        await CreateAccountAsync("wang", _branch1);
        await SignInAsync("wang", "wrong-password");
        var token = await TokenAsync("wang");
        var (created, meeting, _) = await SendAsync(HttpMethod.Post, "/api/meetings", token,
            $$"""{"branchId":"{{_branch1}}","type":"Committee","start":"2026-12-01T06:30:00Z","place":"三楼"}""");
        Assert.Equal(HttpStatusCode.Created, created);
        var id = meeting!["id"]!.GetValue<string>();
        await SendAsync(HttpMethod.Delete, $"/api/meetings/{id}", token);
        await SendAsync(HttpMethod.Delete, $"/api/meetings/{id}", MeetingBot.Branch2Key);
        await SendAsync(HttpMethod.Get, $"/api/meetings/{id}", token);

        var (status, json, _) = await SendAsync(HttpMethod.Get, "/api/audit", token);

        Assert.Equal(HttpStatusCode.OK, status);
        var own = json!.AsArray().Select(e => $"{e!["who"]} {e["action"]} {e["target"]} {e["status"]}").ToList();
        Assert.Equal([$"wang DELETE /api/meetings/{{id}} id={id} 200", "wang POST /api/meetings  201", "wang POST /api/session  200"], own);

        var org = (await _bot.Get<IAuditLog>().ListAsync(null, 100, default)).Select(e => (e.Who, e.Action, e.Status, e.Detail)).ToList();
        Assert.Contains(("branch2", "DELETE /api/meetings/{id}", 403, "无权访问其他支部的数据"), org);
        Assert.Contains(("wang", "POST /api/session", 401, "登录失败"), org);
        Assert.Contains(("org", "POST /api/accounts", 201, null), org);
        Assert.DoesNotContain(org, e => e.Action.StartsWith("GET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Audit_SecretaryAskingForAnotherBranch_Is403AndAdminSeesAnyBranch()
    {
        await CreateAccountAsync("wang", _branch1);
        var token = await TokenAsync("wang");

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"/api/audit?branchId={_branch2}", token)).Status);
        var (status, json, _) = await SendAsync(HttpMethod.Get, $"/api/audit?branchId={_branch1}&count=1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("wang", Assert.Single(json!.AsArray())!["who"]!.GetValue<string>());
        Assert.NotEmpty((await SendAsync(HttpMethod.Get, "/api/audit")).Json!.AsArray());
    }
}

public sealed class SessionStoreOutageTests
{
    [Fact]
    public async Task SignInAndSessionBearer_StoreUnreachable_Are503WithAJsonError()
    {
        await using var bot = await BranchBot.Tests.Infrastructure.BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=200",
            ["Redis:OperationTimeout"] = "00:00:00.200",
        });

        using var signIn = await bot.Http.PostAsync("/api/session", new StringContent("""{"name":"wang","password":"whatever-password"}""", System.Text.Encoding.UTF8, "application/json"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BranchBot.Core.Accounts.SessionToken.New());
        using var me = await bot.Http.SendAsync(request);

        foreach (var response in new[] { signIn, me })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("数据暂时无法访问，请稍后再试", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        }
    }
}
