using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BranchBot.Adapters.GroupRobot;
using BranchBot.Adapters.Memory;
using BranchBot.Core.Accounts;
using BranchBot.Core.Audit;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BranchBot.Tests.Security;

/// <summary>The rest of the console and API hardening: sign-in throttling, keys, sessions, search, robots, audit names.</summary>
public sealed class ConsoleHardeningTests
{
    private const string Password = "correct-horse-battery-staple";

    private static async Task<HttpStatusCode> SignInAsync(BotServer bot, string name, string password, string from)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session")
        {
            Content = JsonContent.Create(new { name, password }),
        };
        request.Headers.Add("X-Forwarded-For", from);
        using var response = await bot.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> CallAsync(BotServer bot, HttpMethod method, string path, string bearer, object? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        using var response = await bot.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static Dictionary<string, string?> WithOrgKey(string key = MeetingBot.OrgKey) => new()
    {
        ["Admin:ApiKeys:0:Name"] = "org",
        ["Admin:ApiKeys:0:Key"] = key,
        ["Reminders:RunWorkers"] = "false",
    };

    [Fact]
    public async Task SignIn_AStrangerFailingForTheOwnersName_CannotLockTheOwnerOut()
    {
        await using var bot = await BotServer.StartAsync(WithOrgKey());
        Assert.Equal(HttpStatusCode.Created, await CallAsync(bot, HttpMethod.Post, "/api/accounts", MeetingBot.OrgKey, new { name = "wang", password = Password }));
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(bot, "wang", "stranger-guess-" + i, "198.51.100.7");
        }

        Assert.Equal(HttpStatusCode.OK, await SignInAsync(bot, "wang", Password, "203.0.113.20"));
    }

    [Fact]
    public async Task SignIn_MorePasswordChecksThanTheQueueHolds_AreBusyAtOnce()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var store = new MemoryStore(clock, Options.Create(new BranchBot.Core.Inbox.ConversationOptions()));
        var gate = new TaskCompletionSource();
        var accounts = new SlowAccounts(store, gate.Task);
        var signIn = new SignInService(accounts, store, new ConsoleOptions { MaxQueuedChecks = 1, FailuresPerAddress = 1000 }, clock);

        // Two checks run and one waits: the queue is full.
        var held = Enumerable.Range(0, 3).Select(i => signIn.WithPasswordAsync("name" + i, "wrong-password", "198.51.100." + i, default)).ToList();
        await Task.Delay(200);
        var busy = await signIn.WithPasswordAsync("one-more", "wrong-password", "198.51.100.9", default);

        Assert.Equal(SignInOutcome.Busy, busy.Outcome);
        gate.SetResult();
        Assert.All(await Task.WhenAll(held), r => Assert.Equal(SignInOutcome.Refused, r.Outcome));
        Assert.Equal(SignInOutcome.Refused, (await signIn.WithPasswordAsync("one-more", "wrong-password", "198.51.100.9", default)).Outcome);
    }

    [Fact]
    public async Task SignIn_QueueFull_IsA503ThroughTheApi()
    {
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?>(WithOrgKey()) { ["Console:MaxQueuedChecks"] = "1", ["Console:FailuresPerAddress"] = "1000" });
        var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => SignInAsync(bot, "name" + i, "wrong-password", "198.51.100." + i)));

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.ServiceUnavailable }));
    }

    /// <summary>Accounts whose look-up waits for the test to let it go.</summary>
    private sealed class SlowAccounts(IAccountStore inner, Task gate) : IAccountStore
    {
        public async Task<Account?> GetAccountAsync(string name, CancellationToken cancellationToken)
        {
            await gate;
            return await inner.GetAccountAsync(name, cancellationToken);
        }

        public Task<bool> CreateAccountAsync(Account account, CancellationToken cancellationToken) => inner.CreateAccountAsync(account, cancellationToken);

        public Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken cancellationToken) => inner.ListAccountsAsync(cancellationToken);

        public Task<bool> SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken) => inner.SetPasswordHashAsync(name, passwordHash, cancellationToken);

        public Task<bool> DeleteAccountAsync(string name, CancellationToken cancellationToken) => inner.DeleteAccountAsync(name, cancellationToken);

        public Task<bool> StartSessionAsync(string tokenDigest, ConsoleSession session, TimeSpan ttl, CancellationToken cancellationToken) => inner.StartSessionAsync(tokenDigest, session, ttl, cancellationToken);

        public Task<ConsoleSession?> FindSessionAsync(string tokenDigest, CancellationToken cancellationToken) => inner.FindSessionAsync(tokenDigest, cancellationToken);

        public Task EndSessionAsync(string tokenDigest, CancellationToken cancellationToken) => inner.EndSessionAsync(tokenDigest, cancellationToken);
    }

    [Fact]
    public async Task Bearer_GuessedAgainAndAgain_IsThrottled()
    {
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?>(WithOrgKey()) { ["Console:FailuresPerAddress"] = "2" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add(await CallAsync(bot, HttpMethod.Get, "/api/me", "guessed-bearer-" + i));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(bot, HttpMethod.Get, "/api/me", MeetingBot.OrgKey));
    }

    [Fact]
    public async Task ApiKey_ShorterThan32Characters_StopsStartUp()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BotServer.StartAsync(WithOrgKey("abcdefghijklmnopqrstuvwxyz01234")));

        Assert.Contains("at least 32", error.Message);
    }

    [Fact]
    public async Task Session_OpenedWithAKey_EndsWhenThatKeyIsReplaced()
    {
        var settings = new Dictionary<string, string?>(WithOrgKey())
        {
            ["Redis:Configuration"] = RedisServer.Shared.Configuration,
            ["Redis:KeyPrefix"] = RedisServer.UniquePrefix(),
        };
        string token;
        await using (var before = await BotServer.StartAsync(settings))
        {
            using var response = await before.Http.PostAsJsonAsync("/api/session", new { token = MeetingBot.OrgKey });
            token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, await CallAsync(before, HttpMethod.Get, "/api/me", token));
        }

        // The same name, a new key: the old key's sessions go with it.
        settings["Admin:ApiKeys:0:Key"] = "rotated-org-key-0123456789abcdef-xyz";
        await using var after = await BotServer.StartAsync(settings);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(after, HttpMethod.Get, "/api/me", token));
    }

    [Fact]
    public async Task MemberSearch_ByPartsOfPhoneNumbers_FindsNobody_FullNumberOrLastFourDo()
    {
        await using var bot = await MeetingBot.StartAsync();
        async Task<int> TotalAsync(string q) =>
            (await BranchBot.Tests.Admin.ConsoleApi.GetAsync(bot, "/api/members?q=" + q)).Json!["total"]!.GetValue<int>();

        Assert.Equal(0, await TotalAsync("138000"));
        Assert.Equal(0, await TotalAsync("00000"));
        Assert.Equal(1, await TotalAsync("0002"));
        Assert.Equal(1, await TotalAsync("13800000002"));
    }

    [Fact]
    public void RobotAddress_AnythingButARobotWebhookWithAKey_IsRefused_AndOneKeyIsOneAddress()
    {
        var addresses = new WebhookAddress(["qyapi.weixin.qq.com"]);

        Assert.Null(addresses.Accept("https://qyapi.weixin.qq.com/cgi-bin/menu/delete?access_token=stolen", out _));
        Assert.Null(addresses.Accept("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", out _));
        var plain = addresses.Accept("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123", out _);
        var decorated = addresses.Accept("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?debug=1&key=abc-123#x", out _);
        Assert.Equal(plain, decorated);
        Assert.Equal("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123", plain!.AbsoluteUri);
    }

    [Fact]
    public async Task AuditAndLog_ANameWithLineBreaks_IsRecordedWithoutThem()
    {
        await using var bot = await BotServer.StartAsync(WithOrgKey());
        using var response = await bot.Http.PostAsync("/api/session", new StringContent("""{"name":"mallory\n2026-12-01 Audit: org (-) DELETE /api/accounts/wang -> 200","password":"wrong-password"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var entry = Assert.Single(await bot.Services.GetRequiredService<IAuditLog>().ListAsync(null, 10, default));
        Assert.DoesNotContain('\n', entry.Who);
        Assert.StartsWith("mallory2026", entry.Who);
    }
}
