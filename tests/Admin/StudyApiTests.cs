using System.Net;
using System.Text;
using BranchBot.Core.Study;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Study;

namespace BranchBot.Tests.Admin;

/// <summary>Rankings, participation, most-wrong questions and the question bank through the console API.</summary>
public sealed class StudyApiTests : IAsyncLifetime
{
    private MeetingBot _bot = null!;

    public async Task InitializeAsync() => _bot = await MeetingBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private async Task AwardAsync(string phone, string branch, int points, DateTimeOffset at)
    {
        var id = MeetingBot.MemberId(phone);
        var outcome = await _bot.Get<IStudyStore>().RecordAsync(new StudyRecord(id, new PointsAward("t:" + id + at.Ticks, "daily@t", points, 10, at), null), default);
        await _bot.Get<IRankingStore>().ApplyAsync([new RankingUpdate(id, await _bot.BranchIdAsync(branch), outcome.Awarded, at)], default);
    }

    [Fact]
    public async Task Rankings_BranchAndOrganisation_WithNamesAndParticipants()
    {
        var now = _bot.Clock.GetUtcNow();
        await AwardAsync("13800000002", "测试第一支部", 5, now);
        await AwardAsync("13800000003", "测试第一支部", 3, now);
        await AwardAsync("13800000004", "测试第二支部", 4, now.AddDays(-1));
        var branch1 = await _bot.BranchIdAsync("测试第一支部");

        var (status, json, _) = await _bot.GetAsync($"/api/study/rankings?branchId={branch1}&period=week");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, json!["participants"]!.GetValue<int>());
        var first = json["items"]![0]!;
        Assert.Equal(("赵一", 1, 5, "测试第一支部"), (first["name"]!.GetValue<string>(), first["rank"]!.GetValue<int>(), first["points"]!.GetValue<int>(), first["branchName"]!.GetValue<string>()));

        (_, json, _) = await _bot.GetAsync("/api/study/rankings?period=all");
        Assert.Equal(3, json!["participants"]!.GetValue<int>());
        (_, json, _) = await _bot.GetAsync("/api/study/rankings?period=all", MeetingBot.Branch2Key);
        Assert.Equal("孙三", Assert.Single(json!["items"]!.AsArray())!["name"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.GetAsync($"/api/study/rankings?branchId={branch1}", MeetingBot.Branch2Key)).Status);
        var (bad, error, _) = await _bot.GetAsync("/api/study/rankings?period=year");
        Assert.Equal((HttpStatusCode.BadRequest, "period"), (bad, error!.ErrorField()));
    }

    [Fact]
    public async Task Participation_CountsMembersWithPointsPerChinaDay()
    {
        var now = _bot.Clock.GetUtcNow();
        await AwardAsync("13800000002", "测试第一支部", 1, now);
        await AwardAsync("13800000003", "测试第一支部", 1, now);
        await AwardAsync("13800000002", "测试第一支部", 1, now.AddDays(-2));

        var (status, json, _) = await _bot.GetAsync("/api/study/participation?days=3");
        Assert.Equal(HttpStatusCode.OK, status);
        var days = json!["days"]!.AsArray();
        Assert.Equal(3, days.Count);
        Assert.Equal(StudyPeriods.ChinaDate(now).ToString("yyyy-MM-dd"), days[2]!["date"]!.GetValue<string>());
        Assert.Equal([1, 0, 2], days.Select(d => d!["participants"]!.GetValue<int>()));
        Assert.Equal("days", (await _bot.GetAsync("/api/study/participation?days=0")).Json!.ErrorField());
        var branch1 = await _bot.BranchIdAsync("测试第一支部");
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.GetAsync($"/api/study/participation?branchId={branch1}", MeetingBot.Branch2Key)).Status);
    }

    [Fact]
    public async Task QuestionImport_AdminOnly_RowErrorsApplyNothing_ThenSummaryAndWrongQuestionsShowIt()
    {
        var bank = Encoding.UTF8.GetBytes(StudyBot.Bank);
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.PostBytesAsync("/api/questions/import?name=bank.json", bank, MeetingBot.Branch2Key)).Status);

        var bad = Encoding.UTF8.GetBytes("题型,题干,A,B,C,D,E,F,答案,解析,分类,难度\n单选,好题（ ）。,甲,乙,,,,,B,,党章,1\n单选,坏题（ ）。,甲,乙,,,,,Z,,党章,1\n");
        var (status, json, _) = await _bot.PostBytesAsync("/api/questions/import?name=bank.csv", bad);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(json!["ok"]!.GetValue<bool>());
        Assert.Equal(3, Assert.Single(json["errors"]!.AsArray())!["row"]!.GetValue<int>());
        Assert.Empty((await _bot.Get<IQuestionStore>().LoadAsync(default)).Questions);

        (_, json, _) = await _bot.PostBytesAsync("/api/questions/import?name=bank.json", bank);
        Assert.True(json!["ok"]!.GetValue<bool>());
        var total = json["total"]!.GetValue<int>();
        Assert.Equal(json["added"]!.GetValue<int>(), total);
        (_, json, _) = await _bot.GetAsync("/api/questions/summary");
        Assert.Equal(total, json!["total"]!.GetValue<int>());
        Assert.Contains(json["categories"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "党章");

        var question = _bot.Get<QuestionBankCache>().Current.All[0];
        await _bot.Get<IStudyStore>().RecordAsync(new StudyRecord(MeetingBot.MemberId("13800000002"), null, null, question.Id), default);
        (_, json, _) = await _bot.GetAsync("/api/study/wrong-questions?count=5");
        var wrong = Assert.Single(json!.AsArray())!;
        Assert.Equal((question.Stem, 1), (wrong["text"]!.GetValue<string>(), wrong["wrong"]!.GetValue<int>()));

        Assert.Equal("name", (await _bot.PostBytesAsync("/api/questions/import?name=bank.xlsx", bank)).Json!.ErrorField());
        Assert.Equal(HttpStatusCode.BadRequest, (await _bot.PostBytesAsync("/api/questions/import?name=bank.json", [])).Status);
        Assert.Equal("count", (await _bot.GetAsync("/api/study/wrong-questions?count=x")).Json!.ErrorField());
    }
}
