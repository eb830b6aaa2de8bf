using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Study;

/// <summary>Members study through the real webhook, on real Redis: binding, every quiz mode, points and rankings.</summary>
public sealed class StudyEndToEndTests
{
    [Fact]
    public async Task Unbound_StudyCommandsAreRefusedPolitelyAndHelpOffersBinding()
    {
        await using var study = await StudyBot.StartAsync();
        foreach (var command in new[] { "答题", "挑战", "错题", "积分", "排行", "绑定码 赵一" })
        {
            Assert.Contains("先绑定党员身份", await study.SayAsync("oStranger", command));
        }

        var help = await study.SayAsync("oStranger", "帮助");
        Assert.Contains("绑定 —", help);
        Assert.DoesNotContain("答题 —", help);
        Assert.Contains("尚未绑定", help);
    }

    [Fact]
    public async Task DailySet_EveryQuestionType_ScoresAwardsAndFillsTheWrongBook()
    {
        await using var study = await StudyBot.StartAsync();
        await study.BindAsync("oZhaoYi", "赵一", "0002");

        var reply = await study.SayAsync("oZhaoYi", "答题");
        Assert.Contains("本组 5 题", reply);
        var first = study.CurrentQuestion(reply!);
        var unfit = first.Type == QuestionType.FillIn ? "  " : "随便说点什么吧";
        Assert.Contains(first.Type == QuestionType.FillIn ? "请直接回复答案" : "未能识别您的答案", await study.SayAsync("oZhaoYi", unfit));

        var types = new List<QuestionType>();
        Question? missed = null;
        for (var i = 0; i < 5; i++)
        {
            var question = study.CurrentQuestion(reply!);
            types.Add(question.Type);
            var right = question.Type != QuestionType.TrueFalse;
            missed = right ? missed : question;
            reply = await study.SayAsync("oZhaoYi", StudyBot.AnswerFor(question, right));
            Assert.StartsWith(right ? "✅ 回答正确！+1 分" : "❌ 回答错误。正确答案：对", reply);
        }

        Assert.Equal(Enum.GetValues<QuestionType>().Order(), types.Distinct().Order());
        Assert.Contains("答对 4/5 题，获得 4 分", reply);
        Assert.Contains("今日：4 分", await study.SayAsync("oZhaoYi", "积分"));

        // The missed question is in the book; it leaves after two right answers.
        reply = await study.SayAsync("oZhaoYi", "错题");
        Assert.Equal(missed, study.CurrentQuestion(reply!));
        reply = await study.SayAsync("oZhaoYi", StudyBot.AnswerFor(missed!, right: true));
        Assert.Contains("错题本还剩 1 题", reply);
        Assert.DoesNotContain("移出错题本", reply);
        await study.SayAsync("oZhaoYi", "错题");
        reply = await study.SayAsync("oZhaoYi", StudyBot.AnswerFor(missed!, right: true));
        Assert.Contains("已移出错题本", reply);
        Assert.Contains("错题本是空的", await study.SayAsync("oZhaoYi", "错题"));
        Assert.Contains("今日：4 分", await study.SayAsync("oZhaoYi", "积分"));
    }

    [Fact]
    public async Task DailySet_BeyondTheDailyCap_AwardsNoMorePoints()
    {
        await using var study = await StudyBot.StartAsync(new Dictionary<string, string?> { ["Quiz:DailyCap"] = "7" });
        await study.BindAsync("oQianEr", "钱二", "0003");
        var awarded = 0;
        var capped = 0;
        foreach (var start in new[] { "答题", "再来一组" })
        {
            var reply = await study.SayAsync("oQianEr", start);
            for (var i = 0; i < 5; i++)
            {
                reply = await study.SayAsync("oQianEr", StudyBot.AnswerFor(study.CurrentQuestion(reply!), right: true));
                awarded += reply!.StartsWith("✅ 回答正确！+1 分", StringComparison.Ordinal) ? 1 : 0;
                capped += reply.Contains("今日答题积分已达上限") ? 1 : 0;
            }
        }

        Assert.Equal(7, awarded);
        Assert.Equal(3, capped);
        Assert.Contains("今日：7 分", await study.SayAsync("oQianEr", "积分"));
    }

    [Fact]
    public async Task Challenge_RunEndedByAMistake_AwardsByRunLengthTiers()
    {
        await using var study = await StudyBot.StartAsync(new Dictionary<string, string?> { ["Quiz:ChallengeTiers"] = "2:1,3:2" });
        await study.BindAsync("oSunSan", "孙三", "0004");
        var reply = await study.SayAsync("oSunSan", "挑战");
        Assert.Contains("连续答对 2 题共得 1 分", reply);

        var gains = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            reply = await study.SayAsync("oSunSan", StudyBot.AnswerFor(study.CurrentQuestion(reply!), right: true));
            gains.Add(reply!.Split('\n')[0]);
        }

        Assert.Equal(["✅ 回答正确！", "✅ 回答正确！+1 分", "✅ 回答正确！+1 分"], gains);
        reply = await study.SayAsync("oSunSan", StudyBot.AnswerFor(study.CurrentQuestion(reply!), right: false));
        Assert.StartsWith("❌", reply);
        Assert.Contains("连续答对 3 题，本次获得 2 分", reply);
        Assert.Contains("累计：2 分", await study.SayAsync("oSunSan", "积分"));
        Assert.Contains("没有进行中的答题", await study.SayAsync("oSunSan", "A"));
    }

    [Fact]
    public async Task AnswerPush_RetriedOnAnotherInstance_AwardsOnceAndRepliesTheSame()
    {
        await using var first = await StudyBot.StartAsync();
        await using var second = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = RedisServer.Shared.Configuration,
            ["Redis:KeyPrefix"] = first.Prefix,
            ["SampleData:Enabled"] = "false",
        });
        await second.Services.GetRequiredService<QuestionBankCache>().RefreshAsync(default);
        await first.BindAsync("oZhaoYi", "赵一", "0002");
        var reply = await first.SayAsync("oZhaoYi", "答题");

        var answer = first.Bot.TextXml("oZhaoYi", StudyBot.AnswerFor(first.CurrentQuestion(reply!), right: true));
        var responses = await Task.WhenAll(first.Bot.PostAsync(answer, "oZhaoYi"), second.PostAsync(answer, "oZhaoYi"));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        // Exactly one delivery of the verdict: one passive reply (a retry gets the same bytes), or a customer-service
        // push when the retry arrived while the first was still running.
        var outboxes = new[] { first.Bot, second }.Select(b => b.Services.GetRequiredService<BranchBot.Adapters.Memory.LocalOutbox>()).ToArray();
        int Deliveries() => bodies.Where(b => b.Contains("回答正确")).Distinct().Count() + outboxes.Sum(o => o.Read(0, "oZhaoYi").Count(e => e.Text.Contains("回答正确")));
        for (var wait = 0; wait < 50 && Deliveries() == 0; wait++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, Deliveries());
        // A later retry gets what was stored: the verdict if it was answered passively, else "success" (it went by
        // customer-service message and must not arrive twice).
        using var retry = await second.PostAsync(answer, "oZhaoYi");
        var retried = await retry.Content.ReadAsStringAsync();
        var passive = bodies.FirstOrDefault(b => b.Contains("回答正确"));
        Assert.Equal(passive ?? "success", retried);

        Assert.Contains("今日：1 分", await second.SayAsync("oZhaoYi", "积分"));
        var rank = await first.Bot.Services.GetRequiredService<IRankingStore>().RankOfAsync(RankingScope.Organisation, StudyPeriods.For(DateTimeOffset.UtcNow).Week, MemberIdOf("13800000002"), default);
        Assert.Equal(1, rank!.Points);
    }

    [Fact]
    public async Task Rankings_ListTopTenInOrderAndMyRankBeyondThem()
    {
        var extra = string.Join("\n", Enumerable.Range(1, 11).Select(i => $"测试{i:00},1370000{i:0000},测试党委/测试第一支部,,正式,党员"));
        await using var study = await StudyBot.StartAsync(roster: StudyBot.Roster + "\n" + extra);
        var rankings = study.Bot.Services.GetRequiredService<IRankingStore>();
        var branch = (await study.Bot.Services.GetRequiredService<IMemberStore>().GetMemberAsync(MemberIdOf("13800000002"), default))!.BranchId;
        var now = DateTimeOffset.UtcNow;
        await rankings.ApplyAsync(Enumerable.Range(1, 11).Select(i => new RankingUpdate(MemberIdOf($"1370000{i:0000}"), branch, 10 + i, now)).ToArray(), default);
        await study.BindAsync("oZhaoYi", "赵一", "0002");
        var reply = await study.SayAsync("oZhaoYi", "答题");
        await study.SayAsync("oZhaoYi", StudyBot.AnswerFor(study.CurrentQuestion(reply!), right: true));

        var board = await study.SayAsync("oZhaoYi", "排行");
        var lines = board!.Split('\n');
        Assert.Equal("1. 测试11 21分", lines[1]);
        Assert.Equal("10. 测试02 12分", lines[10]);
        Assert.DoesNotContain("测试01", board);
        Assert.Contains("我：支部第 12 名，总排行第 12 名，本周 1 分", board);
        Assert.Contains("本周支部排名：第 12 名（共 12 人上榜）", await study.SayAsync("oZhaoYi", "积分"));
    }

    [Fact]
    public async Task Bind_FiveWrongTries_LocksEvenTheRightData()
    {
        await using var study = await StudyBot.StartAsync();
        for (var i = 4; i >= 1; i--)
        {
            Assert.Contains($"还可尝试 {i} 次", await study.SayAsync("oGuesser", "绑定 赵一 9999"));
        }

        Assert.Contains("尝试次数过多", await study.SayAsync("oGuesser", "绑定 赵一 8888"));
        Assert.Contains("尝试次数过多", await study.SayAsync("oGuesser", "绑定 赵一 0002"));
        Assert.Contains("请发送「绑定 姓名 手机后四位」", await study.SayAsync("oGuesser2", "绑定 赵一"));
        await study.BindAsync("oGuesser2", "赵一", "0002");
    }

    [Fact]
    public async Task Bind_OnePersonOneWeChat_RebindingNeedsTheSecretary()
    {
        await using var study = await StudyBot.StartAsync();
        await study.BindAsync("oZhaoYi", "赵一", "0002");
        Assert.Contains("已绑定为 赵一", await study.SayAsync("oZhaoYi", "绑定 钱二 0003"));
        Assert.Contains("已绑定了其他微信", await study.SayAsync("oNewPhone", "绑定 赵一 0002"));
        Assert.Contains("仅对支部书记开放", await study.SayAsync("oZhaoYi", "解绑 赵一"));

        await study.BindWithCodeAsync("oSecretary", "13800000001");
        Assert.Contains("已解除 赵一 的微信绑定", await study.SayAsync("oSecretary", "解绑 赵一"));
        Assert.Contains("先绑定党员身份", await study.SayAsync("oZhaoYi", "积分"));
        await study.BindAsync("oNewPhone", "赵一", "0002");
    }

    [Fact]
    public async Task BindingCode_FromTheSecretary_BindsOnceWithinTheBranchOnly()
    {
        await using var study = await StudyBot.StartAsync();
        await study.BindWithCodeAsync("oSecretary", "13800000001");
        Assert.Contains("本支部没有找到「孙三」", await study.SayAsync("oSecretary", "绑定码 孙三"));

        // Two 李重名 share the last four digits (in different branches): the member needs a code; the secretary sees only theirs.
        var issued = await study.SayAsync("oSecretary", "绑定码 李重名");
        var code = System.Text.RegularExpressions.Regex.Match(issued!, @"绑定码：(\d{6})").Groups[1].Value;
        Assert.Contains("有多位同名党员", await study.SayAsync("oLi", "绑定 李重名 1234"));
        Assert.Contains("绑定成功！欢迎您，李重名", await study.SayAsync("oLi", "绑定 " + code));
        Assert.Contains("绑定码有误或已过期", await study.SayAsync("oSomeoneElse", "绑定 " + code));
    }

    [Fact]
    public async Task Unsubscribe_KeepsHistoryStopsPushesAndWelcomesBack()
    {
        await using var study = await StudyBot.StartAsync();
        await study.BindAsync("oZhaoYi", "赵一", "0002");
        var reply = await study.SayAsync("oZhaoYi", "答题");
        await study.SayAsync("oZhaoYi", StudyBot.AnswerFor(study.CurrentQuestion(reply!), right: true));

        using var leave = await study.Bot.PostAsync(BranchBot.Adapters.WeChat.Protocol.PushComposer.Event(BotServer.Account, "oZhaoYi", BotServer.Now, "unsubscribe"), "oZhaoYi");
        Assert.Equal("success", await leave.Content.ReadAsStringAsync());
        var members = study.Bot.Services.GetRequiredService<IMemberStore>();
        Assert.False((await members.GetMemberAsync(MemberIdOf("13800000002"), default))!.Subscribed);

        using var back = await study.Bot.PostAsync(BranchBot.Adapters.WeChat.Protocol.PushComposer.Event(BotServer.Account, "oZhaoYi", BotServer.Now + 1, "subscribe"), "oZhaoYi");
        Assert.Contains("欢迎回来，赵一", study.Bot.Composer.ReadReply(await back.Content.ReadAsStringAsync()).Content);
        Assert.True((await members.GetMemberAsync(MemberIdOf("13800000002"), default))!.Subscribed);
        Assert.Contains("累计：1 分", await study.SayAsync("oZhaoYi", "积分"));
    }

    [Fact]
    public async Task RankingRebuild_AfterRankingsAreLost_RestoresThemFromTheLedger()
    {
        await using var study = await StudyBot.StartAsync();
        await study.BindAsync("oZhaoYi", "赵一", "0002");
        var reply = await study.SayAsync("oZhaoYi", "答题");
        await study.SayAsync("oZhaoYi", StudyBot.AnswerFor(study.CurrentQuestion(reply!), right: true));
        var rankings = study.Bot.Services.GetRequiredService<IRankingStore>();
        var week = StudyPeriods.For(DateTimeOffset.UtcNow).Week;
        await rankings.ReplaceAsync(new Dictionary<(RankingScope, string), IReadOnlyDictionary<string, int>> { [(RankingScope.Organisation, week)] = new Dictionary<string, int>() }, default);
        Assert.Null(await rankings.RankOfAsync(RankingScope.Organisation, week, MemberIdOf("13800000002"), default));

        await study.Bot.Services.GetRequiredService<RankingRebuild>().RunAsync(default);
        Assert.Equal(1, (await rankings.RankOfAsync(RankingScope.Organisation, week, MemberIdOf("13800000002"), default))!.Points);
    }

    private static string MemberIdOf(string phone) =>
        RosterPlan.Build([new RosterRow(2, "x", phone, ["测试党委", "测试第一支部"], null, MemberStatus.Full, MemberRole.Member)]).Members[0].Id;
}
