using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Matches;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Study;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Matches;

/// <summary>对战 and 四人赛 through the webhook of three instances on one real Redis, with one manual clock.</summary>
public sealed class MatchEndToEndTests
{
    [Fact]
    public async Task Duel_PlayersOnTwoInstances_GetTheSameQuestionsScoredBySpeed_ResultsAndPointsOnce()
    {
        await using var three = await Three.StartAsync(new() { ["Matches:Questions"] = "3" });
        var (a, b, c) = (three[0], three[1], three[2]);

        Assert.Contains("正在为您匹配对战（1/2 人）", await a.SayAsync("oZhaoYi", "对战"));
        Assert.Contains("匹配成功", await b.SayAsync("oQian", "双人对战"));
        await three.TickAsync();

        var first = three.Questions("oZhaoYi");
        Assert.Single(first);
        Assert.Contains("对手：钱二", first[0]);
        Assert.Equal(three.Stem(first[0]), three.Stem(Assert.Single(three.Questions("oQian"))));

        // Question 1: 赵一 right after 2 s; 钱二 wrong, delivered twice to two instances.
        var q1 = three.Question(first[0]);
        three.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("✅ 回答正确，+950 分（用时 2.0 秒）。请等待其他选手作答。", await c.SayAsync("oZhaoYi", StudyBot.AnswerFor(q1, right: true)));
        three.Clock.Advance(TimeSpan.FromSeconds(1));
        var wrong = a.Bot.TextXml("oQian", StudyBot.AnswerFor(q1, right: false));
        await Task.WhenAll(a.Bot.PostAsync(wrong, "oQian"), b.Bot.PostAsync(wrong, "oQian"));
        Assert.StartsWith("这道题您已经答过了，以第一次的答案为准：❌ 回答错误", await c.SayAsync("oQian", StudyBot.AnswerFor(q1, right: true)));
        await three.TickAsync();

        var second = three.Questions("oQian");
        Assert.Equal(2, second.Count);
        Assert.Contains("❌ 您答错了\n比分：赵一 950 · 钱二 0", second[1]);
        Assert.Equal(three.Stem(second[1]), three.Stem(three.Questions("oZhaoYi")[1]));

        // Question 2: nobody answers; it closes when the time is up.
        three.Clock.Advance(TimeSpan.FromSeconds(19));
        await three.TickAsync();
        Assert.Equal(2, three.Questions("oZhaoYi").Count);
        three.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("本题作答时间已到，请等待下一题。", await a.SayAsync("oZhaoYi", StudyBot.AnswerFor(three.Question(second[1]), right: true)));
        await three.TickAsync();
        var third = three.Questions("oZhaoYi");
        Assert.Equal(3, third.Count);
        Assert.Contains("⏱ 您没有作答", third[2]);

        // Question 3: both right; the second answer closes it at once.
        var q3 = three.Question(third[2]);
        three.Clock.Advance(TimeSpan.FromSeconds(1));
        await b.SayAsync("oZhaoYi", StudyBot.AnswerFor(q3, right: true));
        three.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.EndsWith("结果马上公布。", await c.SayAsync("oQian", StudyBot.AnswerFor(q3, right: true)));
        await three.TickAsync();
        await three.TickAsync();

        var final = Assert.Single(three.PushesTo("oZhaoYi"), t => t.StartsWith("🏆 对战结束", StringComparison.Ordinal));
        Assert.Contains("🥇 赵一 1925 分 · 用时 23.0 秒\n🥈 钱二 900 分 · 用时 27.0 秒", final);
        Assert.Contains("您获得第 1 名（共 2 人），得分 1925，答对 2/3 题。\n学习积分 +2。", final);
        Assert.Contains("学习积分 +1。", Assert.Single(three.PushesTo("oQian"), t => t.StartsWith("🏆 对战结束", StringComparison.Ordinal)));
        // Four pushes each (three questions, the result); the duplicated answer's reply may also go out as a push, once.
        Assert.Equal(8, three.PushesTo("oZhaoYi").Concat(three.PushesTo("oQian")).Count(t => t.StartsWith("🏆", StringComparison.Ordinal) || t.StartsWith("第", StringComparison.Ordinal)));

        Assert.Contains("今日：2 分", await c.SayAsync("oZhaoYi", "积分"));
        Assert.Contains("今日：1 分", await a.SayAsync("oQian", "积分"));
        Assert.Contains("1. 赵一 2分\n2. 钱二 1分", await b.SayAsync("oZhaoYi", "排行"));
        Assert.Equal("本场已经结束。发送「对战」或「四人赛」再来一局。", await a.SayAsync("oZhaoYi", "A"));
        Assert.Contains("正在为您匹配对战（1/2 人）", await b.SayAsync("oZhaoYi", "对战"));
    }

    [Fact]
    public async Task Four_FourPlayersOnThreeInstances_PlacesByScoreAndTime_PointsByPlace()
    {
        await using var three = await Three.StartAsync(new() { ["Matches:Questions"] = "1" });
        string[] players = ["oWang", "oZhaoYi", "oQian", "oSun"];
        for (var i = 0; i < players.Length; i++)
        {
            var reply = await three[i % 3].SayAsync(players[i], "四人赛");
            Assert.Contains(i < 3 ? $"正在为您匹配四人赛（{i + 1}/4 人）" : "匹配成功", reply);
        }

        await three.TickAsync();
        var pushes = players.Select(p => Assert.Single(three.Questions(p))).ToList();
        Assert.Single(pushes.Select(three.Stem).Distinct());
        Assert.Contains("【四人赛 第1/1题 · 20秒】", pushes[0]);
        var question = three.Question(pushes[0]);

        // 孙三 fastest, then 钱二, then 王书记; 赵一 answers wrong.
        string[] order = ["oSun", "oQian", "oWang"];
        for (var i = 0; i < order.Length; i++)
        {
            three.Clock.Advance(TimeSpan.FromSeconds(1));
            await three[i].SayAsync(order[i], StudyBot.AnswerFor(question, right: true));
        }

        await three[1].SayAsync("oZhaoYi", StudyBot.AnswerFor(question, right: false));
        await three.TickAsync();

        var final = Assert.Single(three.PushesTo("oQian"), t => t.StartsWith("🏆 四人赛结束", StringComparison.Ordinal));
        Assert.Contains("🥇 孙三 975 分 · 用时 1.0 秒\n🥈 钱二 950 分 · 用时 2.0 秒\n🥉 王书记 925 分 · 用时 3.0 秒\n4. 赵一 0 分 · 用时 3.0 秒", final);
        Assert.Contains("您获得第 2 名（共 4 人）", final);
        (string OpenId, int Points)[] expected = [("oSun", 3), ("oQian", 2), ("oWang", 1), ("oZhaoYi", 1)];
        foreach (var (openId, points) in expected)
        {
            Assert.Contains($"学习积分 +{points}。", Assert.Single(three.PushesTo(openId), t => t.StartsWith("🏆 四人赛结束", StringComparison.Ordinal)));
            Assert.Contains($"今日：{points} 分", await three[2].SayAsync(openId, "积分"));
        }
    }

    [Fact]
    public async Task Queue_AfterTheWait_FourStartsWithThree_ALoneDuelistIsToldAndLetGo()
    {
        await using var three = await Three.StartAsync(new() { ["Matches:Questions"] = "1", ["Matches:WaitSeconds"] = "30" });
        Assert.Contains("30 秒内凑不齐 4 人时，按现有人数开赛（至少 2 人）", await three[0].SayAsync("oWang", "四人赛"));
        three.Clock.Advance(TimeSpan.FromSeconds(5));
        await three[1].SayAsync("oZhaoYi", "四人赛");
        await three[2].SayAsync("oQian", "四人赛");
        Assert.Contains("30 秒内没有匹配到对手时，将为您取消匹配", await three[0].SayAsync("oSun", "对战"));

        three.Clock.Advance(TimeSpan.FromSeconds(24));
        await three.TickAsync();
        Assert.Empty(three.PushesTo("oWang"));
        Assert.Equal("正在为您匹配，请稍候。发送「取消匹配」可退出。", await three[1].SayAsync("oWang", "A"));

        three.Clock.Advance(TimeSpan.FromSeconds(1));
        await three.TickAsync();
        var intro = Assert.Single(three.Questions("oWang"));
        Assert.Matches("^🏆 四人赛开始！对手：(赵一、钱二|钱二、赵一)。", intro);
        Assert.Single(three.Questions("oQian"));
        Assert.Empty(three.PushesTo("oSun"));

        three.Clock.Advance(TimeSpan.FromSeconds(5));
        await three.TickAsync();
        Assert.Equal(["暂时没有其他党员在匹配对战，已为您取消匹配。请稍后再试，或发送「挑战」进行挑战答题。"], three.PushesTo("oSun"));
        Assert.Equal("您当前没有在匹配中。发送「对战」或「四人赛」开始匹配。", await three[2].SayAsync("oSun", "A"));
        Assert.Null(await three[0].Get<IMatchStore>().WhereAsync(MeetingBot.MemberId("13800000004"), default));
    }

    [Fact]
    public async Task Queue_CancelAndDuplicatedDeliveries_QueueOnce()
    {
        await using var three = await Three.StartAsync(new() { ["Matches:Questions"] = "1" });
        Assert.Equal("您当前没有在匹配中。发送「对战」或「四人赛」开始匹配。", await three[0].SayAsync("oZhaoYi", "取消匹配"));
        await three[0].SayAsync("oZhaoYi", "四人赛");
        Assert.Equal("已取消匹配。发送「对战」或「四人赛」可重新匹配。", await three[1].SayAsync("oZhaoYi", "取消匹配"));
        Assert.Contains("正在为您匹配四人赛（1/4 人）", await three[2].SayAsync("oQian", "四人赛"));

        // One 对战 delivered to all three instances at once (WeChat's retry, racing): queued once.
        var duel = three[0].Bot.TextXml("oSun", "对战");
        var replies = await Task.WhenAll(three.Bots.Select(async bot =>
        {
            using var response = await bot.Bot.PostAsync(duel, "oSun");
            return bot.Bot.Composer.ReadReply(await response.Content.ReadAsStringAsync()).Content;
        }));
        Assert.All(replies.OfType<string>(), r => Assert.Contains("正在为您匹配对战（1/2 人）", r));
        Assert.Contains("您正在匹配对战，请稍候。如需改为四人赛，请先发送「取消匹配」。", await three[1].SayAsync("oSun", "四人赛"));

        // The menu button does what the word does.
        using (var click = await three[2].Bot.PostAsync(PushComposer.Event(BotServer.Account, "oWang", three[2].Bot.ClockNow, "CLICK", "MATCH_DUEL"), "oWang"))
        {
            Assert.Contains("匹配成功", three[2].Bot.Composer.ReadReply(await click.Content.ReadAsStringAsync()).Content);
        }

        await three.TickAsync();
        Assert.Contains("对手：孙三", Assert.Single(three.Questions("oWang")));
        Assert.Equal("本场已经开始，无法取消。您可以不再作答，本场结束后即可重新匹配。", await three[0].SayAsync("oSun", "取消匹配"));
        Assert.Equal("您正在一场对战或四人赛中，请直接回复题目答案。本场结束后即可重新匹配。", await three[0].SayAsync("oSun", "对战"));
        Assert.Empty(three.PushesTo("oZhaoYi"));
        Assert.Equal("您当前没有在匹配中。发送「对战」或「四人赛」开始匹配。", await three[0].SayAsync("oZhaoYi", "取消匹配"));
    }

    [Fact]
    public async Task Match_TwoInstancesRacingToFinish_AwardPointsAndSendResultsOnce()
    {
        await using var three = await Three.StartAsync(new() { ["Matches:Questions"] = "1" });
        await three[0].SayAsync("oZhaoYi", "对战");
        await three[1].SayAsync("oQian", "对战");
        await three.TickAsync();
        var question = three.Question(Assert.Single(three.Questions("oZhaoYi")));
        three.Clock.Advance(TimeSpan.FromSeconds(1));
        await three[0].SayAsync("oZhaoYi", StudyBot.AnswerFor(question, right: true));
        three.Clock.Advance(TimeSpan.FromSeconds(1));
        await three[1].SayAsync("oQian", StudyBot.AnswerFor(question, right: true));

        // Instance 0 claims the match and stalls on its result push past its lease; instance 1 takes the match over.
        three[0].Api.SendDelay = TimeSpan.FromSeconds(2);
        var stalled = three[0].Get<MatchEngine>().TickAsync(default);
        var ledger = three[0].Get<IStudyStore>();
        var zhaoYi = MeetingBot.MemberId("13800000002");
        for (var i = 0; i < 100 && (await ledger.ReadLedgerAsync(zhaoYi, default)).Count == 0; i++)
        {
            await Task.Delay(20);
        }

        three.Clock.Advance(TimeSpan.FromSeconds(11));
        await three[1].Get<MatchEngine>().TickAsync(default);
        await stalled;
        await three.TickAsync();

        Assert.Single(three.PushesTo("oZhaoYi"), t => t.StartsWith("🏆 对战结束", StringComparison.Ordinal));
        Assert.Single(three.PushesTo("oQian"), t => t.StartsWith("🏆 对战结束", StringComparison.Ordinal));
        Assert.Equal(2, Assert.Single(await ledger.ReadLedgerAsync(zhaoYi, default)).Points);
        Assert.Contains("本周：2 分", await three[2].SayAsync("oZhaoYi", "积分"));
        Assert.Contains("1. 赵一 2分\n2. 钱二 1分", await three[2].SayAsync("oQian", "排行"));
    }

    [Fact]
    public async Task Match_WhoseInstanceDied_IsTakenOverWhenTheLeaseEnds()
    {
        await using var three = await Three.StartAsync(new() { ["Matches:Questions"] = "1" });
        await three[0].SayAsync("oZhaoYi", "对战");
        await three[1].SayAsync("oQian", "对战");

        // The instance that claimed the new match died before creating it.
        var store = three[0].Get<IMatchStore>();
        Assert.Single((await store.SweepMatchesAsync(three.Clock.GetUtcNow(), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 10, "x", default)).Due);
        await three.TickAsync();
        Assert.Empty(three.PushesTo("oZhaoYi"));

        three.Clock.Advance(TimeSpan.FromSeconds(10));
        await three.TickAsync();
        Assert.Single(three.Questions("oZhaoYi"));
        Assert.Single(three.Questions("oQian"));
    }

    [Fact]
    public async Task Match_BadInput_IsRefusedPolitelyAndChangesNothing()
    {
        await using var three = await Three.StartAsync(new() { ["Matches:Questions"] = "1" });
        Assert.Contains("先绑定", await three[0].SayAsync("oStranger", "对战"));
        Assert.Contains("先绑定", await three[1].SayAsync("oStranger", "取消匹配"));

        await three[0].SayAsync("oZhaoYi", "对战");
        Assert.Equal("正在为您匹配，请稍候。发送「取消匹配」可退出。", await three[1].SayAsync("oZhaoYi", "😀😀"));
        await three[1].SayAsync("oQian", "对战");
        await three.TickAsync();
        var question = three.Question(Assert.Single(three.Questions("oZhaoYi")));
        if (question.Type != QuestionType.FillIn)
        {
            // A fill-in question takes any text as an answer; the others hint and record nothing.
            Assert.Contains("未能识别您的答案", await three[2].SayAsync("oZhaoYi", "？？"));
        }

        Assert.Contains("正在为您匹配对战", await three[2].SayAsync("oSun", "对战 四人赛 <script>"));

        // The refused replies recorded nothing: a right answer still scores in full.
        Assert.StartsWith("✅ 回答正确，+1000 分", await three[0].SayAsync("oZhaoYi", StudyBot.AnswerFor(question, right: true)));
    }

    [Fact]
    public async Task Workers_OnThreeInstances_RunAMatchByThemselves_EachPushOnce()
    {
        await using var three = await Three.StartAsync(new() { ["Matches:Questions"] = "1", ["Matches:TickInterval"] = "00:00:00.050" }, runWorkers: true);
        await three[0].SayAsync("oZhaoYi", "对战");
        await three[1].SayAsync("oQian", "对战");

        var question = three.Question(await EventuallyAsync(() => three.Questions("oQian").FirstOrDefault()));
        await three[2].SayAsync("oZhaoYi", StudyBot.AnswerFor(question, right: true));
        await three[0].SayAsync("oQian", StudyBot.AnswerFor(question, right: false));
        await EventuallyAsync(() => three.PushesTo("oQian").FirstOrDefault(t => t.StartsWith("🏆 对战结束", StringComparison.Ordinal)));

        // Three workers sweeping every 50 ms for a while longer: still one question and one result each.
        await Task.Delay(500);
        foreach (var openId in new[] { "oZhaoYi", "oQian" })
        {
            Assert.Single(three.Questions(openId));
            Assert.Single(three.PushesTo(openId), t => t.StartsWith("🏆 对战结束", StringComparison.Ordinal));
        }
    }

    private static async Task<string> EventuallyAsync(Func<string?> probe)
    {
        for (var i = 0; i < 200; i++)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the match workers did not get there within 10 s");
    }

    /// <summary>Three instances on one Redis prefix and one clock, with the roster and bank of the study tests.</summary>
    private sealed class Three : IAsyncDisposable
    {
        private Three(MeetingBot[] bots, ManualClock clock)
        {
            Bots = bots;
            Clock = clock;
        }

        public MeetingBot[] Bots { get; }

        public ManualClock Clock { get; }

        public MeetingBot this[int i] => Bots[i];

        public static async Task<Three> StartAsync(Dictionary<string, string?> settings, bool runWorkers = false)
        {
            settings["Matches:RunWorker"] = runWorkers ? "true" : "false";
            settings["Competitions:RunTicker"] = "false";
            var prefix = RedisServer.UniquePrefix();
            var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
            var bots = new List<MeetingBot>();
            for (var i = 0; i < 3; i++)
            {
                bots.Add(await MeetingBot.StartAsync(settings, prefix, clock));
            }

            var members = bots[0].Get<IMemberStore>();
            await members.BindOpenIdAsync(MeetingBot.MemberId("13800000003"), "oQian", default);
            await members.BindOpenIdAsync(MeetingBot.MemberId("13800000004"), "oSun", default);
            await bots[0].Get<IQuestionStore>().UpsertAsync(QuestionBankParser.ParseJson(StudyBot.Bank).Rows, default);
            foreach (var bot in bots)
            {
                await bot.Get<QuestionBankCache>().RefreshAsync(default);
            }

            return new Three([.. bots], clock);
        }

        /// <summary>Every instance sweeps at once, as their workers would.</summary>
        public Task TickAsync() => Task.WhenAll(Bots.Select(b => b.Get<MatchEngine>().TickAsync(default)));

        public IReadOnlyList<string> PushesTo(string openId) =>
            Bots.SelectMany(b => b.Api.CallsTo("message/custom/send"))
                .Where(c => c.Json["touser"]!.GetValue<string>() == openId)
                .Select(c => c.Json["text"]!["content"]!.GetValue<string>())
                .ToList();

        /// <summary>The pushes carrying a question, in question order.</summary>
        public IReadOnlyList<string> Questions(string openId) =>
            PushesTo(openId).Where(t => t.Contains("题 · ", StringComparison.Ordinal) && t.Contains("【", StringComparison.Ordinal)).OrderBy(Header, StringComparer.Ordinal).ToList();

        public string Stem(string push) => push.Split('\n')[Array.FindIndex(push.Split('\n'), l => l.StartsWith('【')) + 1];

        public Question Question(string push) => Bots[0].Get<QuestionBankCache>().Current.All.Single(q => q.Stem == Stem(push));

        private static string Header(string push) => push.Split('\n').First(l => l.StartsWith('【'));

        public async ValueTask DisposeAsync()
        {
            foreach (var bot in Bots)
            {
                await bot.DisposeAsync();
            }
        }
    }
}
