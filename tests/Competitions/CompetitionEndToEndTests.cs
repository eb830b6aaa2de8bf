using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Competitions;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Study;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Competitions;

/// <summary>A group-robot stand-in that records what would be posted to the group.</summary>
public sealed class RecordingRobot : IGroupRobot
{
    public ConcurrentQueue<(string Url, string Topic, string Markdown)> Posts { get; } = new();

    public Task PostMarkdownAsync(string webhookUrl, string topic, string markdown, CancellationToken cancellationToken)
    {
        Posts.Enqueue((webhookUrl, topic, markdown));
        return Task.CompletedTask;
    }
}

/// <summary>Competitions through the real webhook, on real Redis, with a manual clock and a fake WeChat API.</summary>
public sealed class CompetitionEndToEndTests
{
    private static readonly (string OpenId, string Phone)[] Players = [("oZhaoYi", "13800000002"), ("oQian", "13800000003"), ("oSun", "13800000004")];

    private static async Task<(MeetingBot Bot, RecordingRobot Robot)> StartAsync(string? prefix = null, ManualClock? clock = null, IDictionary<string, string?>? settings = null)
    {
        var robot = new RecordingRobot();
        var all = new Dictionary<string, string?>
        {
            ["Competitions:RunTicker"] = "false",
            ["Competitions:ReviewTime"] = "00:00:05",
            ["Competitions:RobotWebhooks:" + await Branch1Async()] = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        var bot = await MeetingBot.StartAsync(all, prefix, clock, s => s.AddSingleton<IGroupRobot>(robot));
        var services = bot.Bot.Services;
        var members = services.GetRequiredService<IMemberStore>();
        foreach (var (openId, phone) in Players.Skip(1))
        {
            await members.BindOpenIdAsync(MeetingBot.MemberId(phone), openId, default);
        }

        var bank = QuestionBankParser.ParseJson(StudyBot.Bank);
        await services.GetRequiredService<IQuestionStore>().UpsertAsync(bank.Rows, default);
        await services.GetRequiredService<QuestionBankCache>().RefreshAsync(default);
        return (bot, robot);

        static Task<string> Branch1Async() => Task.FromResult(RosterPlan.Build(RosterParser.Parse(Encoding.UTF8.GetBytes(StudyBot.Roster)).Rows).Units.Single(u => u.Name == "测试第一支部").Id);
    }

    private static string Code(string reply) => Regex.Match(reply, @"房间号：(\d{6})").Groups[1].Value;

    private static Question Asked(MeetingBot bot, string openId, int nth)
    {
        var push = bot.Api.CallsTo("message/custom/send").Where(c => c.Json["touser"]!.GetValue<string>() == openId)
            .Select(c => c.Json["text"]!["content"]!.GetValue<string>()).Where(t => t.StartsWith("【知识竞赛", StringComparison.Ordinal)).ElementAt(nth);
        var stem = push.Split('\n')[1];
        return bot.Get<QuestionBankCache>().Current.All.Single(q => q.Stem == stem);
    }

    private static IReadOnlyList<string> PushesTo(MeetingBot bot, string openId) =>
        bot.Api.CallsTo("message/custom/send").Where(c => c.Json["touser"]!.GetValue<string>() == openId).Select(c => c.Json["text"]!["content"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Contest_FromCreateToPodium_ScoresBySpeedAndStreakWithTeams()
    {
        var (bot, _) = await StartAsync();
        await using var _bot = bot;
        var engine = bot.Get<CompetitionEngine>();

        Assert.Contains("仅对支部书记开放", await bot.SayAsync("oZhaoYi", "创建竞赛"));
        var created = await bot.SayAsync("oWang", "创建竞赛 3题 20秒 团队");
        var code = Code(created!);
        Assert.Contains("按支部计团队成绩", created);
        Assert.Contains("showqrcode", created);
        var roomId = (await bot.Get<ICompetitionStore>().FindByCodeAsync(code, default))!;

        Assert.Contains("已加入", await bot.SayAsync("oZhaoYi", "参赛 " + code));
        Assert.Contains("已加入", await bot.SayAsync("oQian", "参赛 " + code));
        Assert.Contains("您已经在", await bot.SayAsync("oQian", "参赛 " + code));
        Assert.Contains("没有找到这个房间", await bot.SayAsync("oQian", "参赛 000000"));
        Assert.Contains("先绑定", await bot.SayAsync("oStranger", "参赛 " + code));
        using (var scan = await bot.Bot.PostAsync(PushComposer.Event(BotServer.Account, "oSun", bot.Bot.ClockNow, "SCAN", CompetitionFeature.ScenePrefix + roomId, ("Ticket", "T")), "oSun"))
        {
            Assert.Contains("当前 3 人", bot.Bot.Composer.ReadReply(await scan.Content.ReadAsStringAsync()).Content);
        }

        Assert.Contains("竞赛还没开始", await bot.SayAsync("oZhaoYi", "A"));
        Assert.Contains("3 人参赛", await bot.SayAsync("oWang", "开始"));
        await engine.TickAsync(default);
        Assert.All(Players, p => Assert.Single(PushesTo(bot, p.OpenId)));

        // Question 1: 赵一 right after 2 s, 钱二 wrong, 孙三 too late.
        var q1 = Asked(bot, "oZhaoYi", 0);
        bot.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("用时 2.0 秒", await bot.SayAsync("oZhaoYi", StudyBot.AnswerFor(q1, right: true)));
        Assert.Contains("已经答过了", await bot.SayAsync("oZhaoYi", StudyBot.AnswerFor(q1, right: false)));
        Assert.Contains("已收到", await bot.SayAsync("oQian", StudyBot.AnswerFor(q1, right: false)));
        bot.Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Contains("作答时间已到", await bot.SayAsync("oSun", StudyBot.AnswerFor(q1, right: true)));
        Assert.Contains("现在没有进行中的答题", await bot.SayAsync("oWang", "A"));

        await engine.TickAsync(default);
        var review = PushesTo(bot, "oZhaoYi")[^1];
        Assert.Contains("✅ 您答对了，+950 分（用时 2.0 秒）", review);
        Assert.Contains("总分 950，当前第 1/3 名", review);
        Assert.Contains("1. 赵一 950", review);
        Assert.Contains("❌ 您答错了", PushesTo(bot, "oQian")[^1]);
        Assert.Contains("⏱ 您没有作答", PushesTo(bot, "oSun")[^1]);
        Assert.Contains("本题已结束", await bot.SayAsync("oSun", "A"));

        // Question 2 after the review time: 赵一 right within 0.5 s (streak 2: 1000 + 100), 孙三 right at 10 s.
        bot.Clock.Advance(TimeSpan.FromSeconds(5));
        await engine.TickAsync(default);
        var q2 = Asked(bot, "oZhaoYi", 1);
        bot.Clock.Advance(TimeSpan.FromMilliseconds(300));
        await bot.SayAsync("oZhaoYi", StudyBot.AnswerFor(q2, right: true));
        bot.Clock.Advance(TimeSpan.FromMilliseconds(9700));
        await bot.SayAsync("oSun", StudyBot.AnswerFor(q2, right: true));
        bot.Clock.Advance(TimeSpan.FromSeconds(11));
        await engine.TickAsync(default);
        Assert.Contains("+1100 分", PushesTo(bot, "oZhaoYi")[^1]);
        Assert.Contains("+750 分", PushesTo(bot, "oSun")[^1]);

        // Question 3 nobody answers; then the podium.
        bot.Clock.Advance(TimeSpan.FromSeconds(5));
        await engine.TickAsync(default);
        bot.Clock.Advance(TimeSpan.FromSeconds(21));
        await engine.TickAsync(default);
        bot.Clock.Advance(TimeSpan.FromSeconds(5));
        await engine.TickAsync(default);

        var final = PushesTo(bot, "oQian")[^1];
        Assert.Contains("🏆 竞赛结束", final);
        Assert.Contains("🥇 赵一 2050 分", final);
        Assert.Contains("🥈 孙三 750 分", final);
        Assert.Contains("您的成绩：0 分，第 3/3 名", final);
        Assert.Contains("1. 测试第一支部 人均 1025 分（2 人）\n2. 测试第二支部 人均 750 分（1 人）", final);

        var result = Assert.Single(await bot.Get<ICompetitionStore>().ResultsAsync(10, default));
        Assert.Equal([2050, 750, 0], result.Individuals.Select(r => r.Points));
        Assert.Equal(1025, result.Teams.Single(t => t.Name == "测试第一支部").Average);
        Assert.Contains("已经结束", await bot.SayAsync("oZhaoYi", "A"));
        Assert.Null(await bot.Get<ICompetitionStore>().FindByCodeAsync(code, default));
    }

    [Fact]
    public async Task Contest_PostsQuestionsStandingsAndPodiumToTheGroupRobot()
    {
        var (bot, robot) = await StartAsync();
        await using var _bot = bot;
        var engine = bot.Get<CompetitionEngine>();
        var code = Code((await bot.SayAsync("oWang", "创建竞赛 1题 10秒"))!);
        await bot.SayAsync("oZhaoYi", "参赛 " + code);
        await bot.SayAsync("oWang", "开始");
        await engine.TickAsync(default);
        bot.Clock.Advance(TimeSpan.FromSeconds(11));
        await engine.TickAsync(default);
        bot.Clock.Advance(TimeSpan.FromSeconds(5));
        await engine.TickAsync(default);

        var topics = robot.Posts.Select(p => p.Topic.Split(':')[0]).ToList();
        Assert.Equal(["question", "standings", "final"], topics);
        Assert.All(robot.Posts, p => Assert.Equal("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test", p.Url));
        Assert.StartsWith("### 知识竞赛 第1/1题", robot.Posts.First().Markdown);
        Assert.Contains("正确答案：**", robot.Posts.ElementAt(1).Markdown);
    }

    [Fact]
    public async Task Contest_OnTwoInstances_RunsOneClockAndScoresOnce()
    {
        var prefix = RedisServer.UniquePrefix();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var (first, _) = await StartAsync(prefix, clock);
        await using var _first = first;
        var (second, _) = await StartAsync(prefix, clock);
        await using var _second = second;

        var code = Code((await first.SayAsync("oWang", "创建竞赛 2题 20秒"))!);
        await first.SayAsync("oZhaoYi", "参赛 " + code);
        await second.SayAsync("oQian", "参赛 " + code);
        await second.SayAsync("oWang", "开始");
        async Task TickBoth() => await Task.WhenAll(first.Get<CompetitionEngine>().TickAsync(default), second.Get<CompetitionEngine>().TickAsync(default));
        await TickBoth();

        var questionPushes = first.Api.CallsTo("message/custom/send").Concat(second.Api.CallsTo("message/custom/send"))
            .Count(c => c.Json["text"]!["content"]!.GetValue<string>().StartsWith("【知识竞赛", StringComparison.Ordinal));
        Assert.Equal(2, questionPushes);

        var all = first.Api.CallsTo("message/custom/send").Concat(second.Api.CallsTo("message/custom/send")).ToList();
        var stem = all.First(c => c.Json["touser"]!.GetValue<string>() == "oZhaoYi").Json["text"]!["content"]!.GetValue<string>().Split('\n')[1];
        var q1 = first.Get<QuestionBankCache>().Current.All.Single(q => q.Stem == stem);
        clock.Advance(TimeSpan.FromSeconds(1));
        var answer = first.Bot.TextXml("oZhaoYi", StudyBot.AnswerFor(q1, right: true));
        await Task.WhenAll(first.Bot.PostAsync(answer, "oZhaoYi"), second.Bot.PostAsync(answer, "oZhaoYi"), second.Bot.PostAsync(first.Bot.TextXml("oZhaoYi", StudyBot.AnswerFor(q1, right: true)), "oZhaoYi"));
        clock.Advance(TimeSpan.FromSeconds(20));
        await TickBoth();

        var standings = await first.Get<ICompetitionStore>().StandingsAsync((await first.Get<ICompetitionStore>().FindByCodeAsync(code, default))!, default);
        Assert.Equal(975, Assert.Single(standings).Points);
        var reviews = first.Api.CallsTo("message/custom/send").Concat(second.Api.CallsTo("message/custom/send"))
            .Count(c => c.Json["text"]!["content"]!.GetValue<string>().StartsWith("第1题答案", StringComparison.Ordinal));
        Assert.Equal(2, reviews);
    }

    [Fact]
    public async Task Contest_HostWhoGoesSilent_DoesNotStopTheRoom()
    {
        var (bot, _) = await StartAsync();
        await using var _bot = bot;
        var engine = bot.Get<CompetitionEngine>();
        var code = Code((await bot.SayAsync("oWang", "创建竞赛 2题 10秒 手动"))!);
        await bot.SayAsync("oZhaoYi", "参赛 " + code);
        await bot.SayAsync("oWang", "开始");
        await engine.TickAsync(default);
        bot.Clock.Advance(TimeSpan.FromSeconds(11));
        await engine.TickAsync(default);
        Assert.Contains("等待主持人出下一题", PushesTo(bot, "oZhaoYi")[^1]);

        bot.Clock.Advance(TimeSpan.FromSeconds(30));
        await engine.TickAsync(default);
        Assert.Equal(2, PushesTo(bot, "oZhaoYi").Count);
        bot.Clock.Advance(TimeSpan.FromSeconds(31));
        await engine.TickAsync(default);
        Assert.StartsWith("【知识竞赛 第2/2题", PushesTo(bot, "oZhaoYi")[^1]);
    }

    [Fact]
    public async Task Contest_HostControls_PauseResumeNextAndEnd()
    {
        var (bot, _) = await StartAsync();
        await using var _bot = bot;
        var engine = bot.Get<CompetitionEngine>();
        Assert.Contains("还没有创建竞赛", await bot.SayAsync("oWang", "开始"));
        var code = Code((await bot.SayAsync("oWang", "创建竞赛 3题 10秒 手动"))!);
        Assert.Contains("还没有人加入", await bot.SayAsync("oWang", "开始"));
        await bot.SayAsync("oZhaoYi", "参赛 " + code);
        await bot.SayAsync("oWang", "开始");
        await engine.TickAsync(default);
        Assert.Contains("本题还在作答中", await bot.SayAsync("oWang", "下一题"));
        bot.Clock.Advance(TimeSpan.FromSeconds(11));
        await engine.TickAsync(default);
        Assert.Contains("已暂停", await bot.SayAsync("oWang", "暂停"));
        Assert.Contains("暂停中", await bot.SayAsync("oZhaoYi", "A"));
        Assert.Contains("竞赛继续", await bot.SayAsync("oWang", "继续"));
        Assert.Contains("已推送下一题", await bot.SayAsync("oWang", "下一题"));
        Assert.StartsWith("【知识竞赛 第2/3题", PushesTo(bot, "oZhaoYi")[^1]);
        Assert.Contains("竞赛已结束", await bot.SayAsync("oWang", "结束"));
        Assert.Contains("🏆 竞赛结束", PushesTo(bot, "oZhaoYi")[^1]);
        Assert.Contains("已经结束了", await bot.SayAsync("oWang", "结束"));
    }

    [Fact]
    public async Task Contest_ParticipantWhoseWindowClosed_IsDroppedAndToldWhenTheyWrite()
    {
        var (bot, _) = await StartAsync();
        await using var _bot = bot;
        var engine = bot.Get<CompetitionEngine>();
        var code = Code((await bot.SayAsync("oWang", "创建竞赛 2题 10秒"))!);
        await bot.SayAsync("oZhaoYi", "参赛 " + code);
        await bot.SayAsync("oWang", "开始");
        bot.Api.FailNext("message/custom/send", 45015);
        await engine.TickAsync(default);
        bot.Clock.Advance(TimeSpan.FromSeconds(11));
        await engine.TickAsync(default);
        bot.Clock.Advance(TimeSpan.FromSeconds(10));
        await engine.TickAsync(default);

        Assert.Single(bot.Api.CallsTo("message/custom/send"));
        Assert.Contains("微信暂停了向您推送竞赛消息", await bot.SayAsync("oZhaoYi", "A"));
    }
}
