using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Study;

/// <summary>专项答题 and the clock of 挑战答题, through the webhook of three instances on one Redis.</summary>
public sealed class TopicAndTimedChallengeTests
{
    [Fact]
    public async Task Topic_ListsCategoriesWithProgress_DrawsFromOneAndScoresUnderItsOwnCap()
    {
        var instances = await StartThreeAsync(new Dictionary<string, string?> { ["Quiz:TopicDailyCap"] = "1" });
        await using var a = instances[0];
        await using var b = instances[1];
        await using var c = instances[2];
        await a.BindAsync("oZhaoYi", "赵一", "0002");

        var list = await b.SayAsync("oZhaoYi", "专项");
        Assert.Contains("· 党章：已练习 0/2 题", list);
        Assert.Contains("· 党史：已练习 0/1 题", list);
        Assert.Contains("题库中没有「天文」分类", await c.SayAsync("oZhaoYi", "专项 天文"));

        var reply = await c.SayAsync("oZhaoYi", "专项 党章");
        Assert.Contains("专项答题（党章）开始！本组 2 题", reply);
        var asked = new List<Question>();
        var gains = new List<string>();
        StudyBot[] order = [a, b];
        for (var i = 0; i < 2; i++)
        {
            var question = a.CurrentQuestion(reply!);
            Assert.Equal("党章", question.Category);
            asked.Add(question);
            reply = await order[i].SayAsync("oZhaoYi", StudyBot.AnswerFor(question, right: true));
            gains.Add(reply!.Split('\n')[0]);
        }

        Assert.Equal(2, asked.Distinct().Count());
        Assert.Equal(["✅ 回答正确！+1 分", "✅ 回答正确！"], gains);
        Assert.Contains("今日答题积分已达上限", reply);
        Assert.Contains("答对 2/2 题，获得 1 分", reply);
        Assert.Contains("· 党章：已练习 2/2 题", await c.SayAsync("oZhaoYi", "专项"));
        Assert.Contains("今日：1 分", await a.SayAsync("oZhaoYi", "积分"));

        // 每日答题 keeps its own cap: the 专项 point does not use it up.
        reply = await b.SayAsync("oZhaoYi", "答题");
        reply = await c.SayAsync("oZhaoYi", StudyBot.AnswerFor(a.CurrentQuestion(reply!), right: true));
        Assert.StartsWith("✅ 回答正确！+1 分", reply);
    }

    [Fact]
    public async Task TimedChallenge_AnswerInTimeSaysWhatWasLeft_LateAnswerIsAMissAwardingNothing()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        var instances = await StartThreeAsync(new Dictionary<string, string?> { ["Quiz:ChallengeTiers"] = "1:1,2:2" }, clock);
        await using var a = instances[0];
        await using var b = instances[1];
        await using var c = instances[2];
        await a.BindAsync("oSunSan", "孙三", "0004");

        var reply = await a.SayAsync("oSunSan", "挑战");
        Assert.Contains("每题限时 20 秒", reply);
        clock.Advance(TimeSpan.FromSeconds(5));
        reply = await b.SayAsync("oSunSan", StudyBot.AnswerFor(a.CurrentQuestion(reply!), right: true));
        Assert.StartsWith("✅ 回答正确！+1 分", reply);
        Assert.Contains("⏱ 用时 5 秒，剩余 15 秒", reply);

        var second = a.CurrentQuestion(reply!);
        clock.Advance(TimeSpan.FromSeconds(27));
        reply = await c.SayAsync("oSunSan", StudyBot.AnswerFor(second, right: true));
        Assert.StartsWith("⏰ 本题限时 20 秒，您用时 27 秒，已超时，按答错计。", reply);
        Assert.Contains("连续答对 1 题，本次获得 1 分", reply);
        Assert.Contains("累计：1 分", await a.SayAsync("oSunSan", "积分"));

        // The late question is in the wrong-answer book.
        reply = await b.SayAsync("oSunSan", "错题");
        Assert.Equal(second, a.CurrentQuestion(reply!));
    }

    private static async Task<StudyBot[]> StartThreeAsync(Dictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var first = await StudyBot.StartAsync(settings, clock: clock);
        var others = new List<StudyBot> { first };
        for (var i = 0; i < 2; i++)
        {
            var other = await StudyBot.StartAsync(settings, first.Prefix, clock: clock);
            await other.Bot.Services.GetRequiredService<QuestionBankCache>().RefreshAsync(default);
            others.Add(other);
        }

        return [.. others];
    }
}
