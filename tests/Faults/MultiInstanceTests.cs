using System.Text;
using System.Text.Json.Nodes;
using BranchBot.Adapters.Redis;
using BranchBot.Core.Inbox;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Study;
using Microsoft.Extensions.Options;

namespace BranchBot.Tests.Faults;

/// <summary>Three real bot processes on one Redis, behind a round-robin sender; one of them killed with SIGKILL.</summary>
public sealed class MultiInstanceTests
{
    private const string AdminKey = "multi-instance-admin-key-0123456789";

    private static async Task<(string Prefix, string BranchId)> SeedAsync(int members)
    {
        var prefix = RedisServer.UniquePrefix();
        using var connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = RedisServer.Shared.Configuration, KeyPrefix = prefix }));
        var store = new RedisStore(connection, Options.Create(new ConversationOptions()));
        var csv = new StringBuilder("姓名,手机号,组织,党小组,状态,角色\n");
        for (var i = 0; i < members; i++)
        {
            csv.Append($"党员{i:000},1360000{i:0000},多实例党委/多实例支部,,正式,党员\n");
        }

        var plan = RosterPlan.Build(RosterParser.Parse(Encoding.UTF8.GetBytes(csv.ToString())).Rows);
        await store.ImportAsync(plan, default);
        for (var i = 0; i < members; i++)
        {
            await store.BindOpenIdAsync(plan.Members.Single(m => m.Phone == $"1360000{i:0000}").Id, $"oMember{i:000}", default);
        }

        await store.UpsertAsync(QuestionBankParser.ParseJson(StudyBot.Bank).Rows, default);
        return (prefix, plan.Units.Single(u => u.Kind == OrgUnitKind.Branch).Id);
    }

    private static Dictionary<string, string> Settings(string prefix, FakeWeChatApi api, string leaseSeconds = "5") => new()
    {
        ["Redis:Configuration"] = RedisServer.Shared.Configuration,
        ["Redis:KeyPrefix"] = prefix,
        ["SampleData:Enabled"] = "false",
        ["WeChat:AppSecret"] = "multisecret",
        ["Menu:RunTagSync"] = "false",
        ["WeChat:ApiBaseUrl"] = api.BaseUrl,
        ["Reminders:TemplateId"] = "TPL",
        ["Reminders:Offsets"] = "00:00:55",
        ["Reminders:PollInterval"] = "00:00:00.200",
        ["Reminders:BatchSize"] = "10",
        ["Reminders:Parallelism"] = "4",
        ["Reminders:Lease"] = "00:00:0" + leaseSeconds,
        ["Compliance:Enabled"] = "false",
        ["Admin:ApiKeys:0:Name"] = "test",
        ["Admin:ApiKeys:0:Key"] = AdminKey,
    };

    private static async Task CreateMeetingAsync(BotProcess bot, string branchId)
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(60).ToString("O");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/meetings")
        {
            Content = new StringContent($$"""{"branchId":"{{branchId}}","type":"PartyCongress","start":"{{start}}","place":"多功能厅"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", AdminKey);
        using var response = await bot.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<IReadOnlyList<string>> WaitForTemplatesAsync(FakeWeChatApi api, int expected, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        IReadOnlyList<string> ids = [];
        while (DateTime.UtcNow < deadline)
        {
            ids = api.CallsTo("message/template/send").Select(c => c.Json["client_msg_id"]!.GetValue<string>()).ToList();
            if (ids.Distinct().Count() >= expected)
            {
                break;
            }

            await Task.Delay(200);
        }

        return ids;
    }

    private static async Task<string?> SayAsync(BotProcess bot, string openId, string text, long msgId)
    {
        var push = bot.Composer.Sign(PushComposer(openId, text, msgId), openId, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), encrypt: false);
        using var response = await bot.Http.PostAsync(push.PathAndQuery(), new StringContent(push.Body));
        return bot.Composer.ReadReply(await response.Content.ReadAsStringAsync()).Content;
    }

    private static string PushComposer(string openId, string text, long msgId) =>
        BranchBot.Adapters.WeChat.Protocol.PushComposer.Text(BotServer.Account, openId, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), text, msgId);

    [Fact]
    public async Task ThreeProcesses_ShareSessionsPointsTokenAndRemindersWithoutDuplicates()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        var (prefix, branch) = await SeedAsync(30);
        var bots = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => BotProcess.StartAsync(Settings(prefix, api))));
        try
        {
            // A quiz started on one process, answered on another, the same answer retried on all three at once.
            var reply = await SayAsync(bots[0], "oMember000", "答题", BotServer.NextMsgId());
            var stem = reply!.Split('\n').SkipWhile(l => !l.StartsWith('【')).ElementAt(1);
            var question = QuestionBankParser.ParseJson(StudyBot.Bank).Rows.Single(q => q.Stem == stem);
            var answerId = BotServer.NextMsgId();
            var answers = await Task.WhenAll(bots.Select(b => SayAsync(b, "oMember000", StudyBot.AnswerFor(question, right: true), answerId)));
            // The verdict reaches the member once: as one passive reply (retries get the same bytes), or, when a retry
            // came while the first was still running, as a customer-service message.
            var passive = answers.Where(a => a is not null && a.StartsWith("✅ 回答正确！+1 分", StringComparison.Ordinal)).Distinct().Count();
            for (var wait = 0; wait < 50 && passive + Pushed() == 0; wait++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(1, passive + Pushed());
            Assert.Contains("今日：1 分", await SayAsync(bots[2], "oMember000", "积分", BotServer.NextMsgId()));

            int Pushed() => api.CallsTo("message/custom/send").Count(c => c.Json["text"]!["content"]!.GetValue<string>().StartsWith("✅ 回答正确！+1 分", StringComparison.Ordinal));

            // A reminder fan-out shared by the three: each member reminded once, one access token fetched in all.
            await CreateMeetingAsync(bots[1], branch);
            var ids = await WaitForTemplatesAsync(api, 30, TimeSpan.FromSeconds(60));
            Assert.Equal(30, ids.Distinct().Count());
            Assert.Equal(30, ids.Count);
            Assert.Equal(30, api.CallsTo("message/template/send").Select(c => c.Json["touser"]!.GetValue<string>()).Distinct().Count());
            Assert.Single(api.CallsTo("stable_token"));
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ProcessKilledMidFanOut_EveryReminderArrivesAndNoneTwice()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        api.SendDelay = TimeSpan.FromMilliseconds(40);
        var (prefix, branch) = await SeedAsync(150);
        var bots = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => BotProcess.StartAsync(Settings(prefix, api, leaseSeconds: "5"))));
        try
        {
            await CreateMeetingAsync(bots[0], branch);
            await WaitForTemplatesAsync(api, 20, TimeSpan.FromSeconds(60));
            bots[0].Kill();

            var ids = await WaitForTemplatesAsync(api, 150, TimeSpan.FromSeconds(90));

            // WeChat drops a repeated client_msg_id, so members receive each distinct id once: 150 distinct ids,
            // one per member, is "every reminder delivered, none twice". Repeats can only come from the killed process's
            // claims and carry the same id.
            Assert.Equal(150, ids.Distinct().Count());
            var perMember = api.CallsTo("message/template/send")
                .GroupBy(c => c.Json["touser"]!.GetValue<string>())
                .ToDictionary(g => g.Key, g => g.Select(c => c.Json["client_msg_id"]!.GetValue<string>()).Distinct().Count());
            Assert.Equal(150, perMember.Count);
            Assert.All(perMember.Values, count => Assert.Equal(1, count));
            Assert.True(bots[0].HasExited);
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
            }
        }
    }
}
