using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IStudyStore"/> must do, and the ranking rebuild over it; run once per adapter.</summary>
public abstract class StudyStoreContractTests
{
    /// <summary>Wednesday 25 November 2026, 10:00 in China.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    protected abstract IStudyStore Study { get; }

    protected abstract IMemberStore Members { get; }

    protected abstract IRankingStore Rankings { get; }

    [Fact]
    public async Task Seen_Marked_IsReadBackWithTheLatestDayPerQuestion()
    {
        Assert.Empty(await Study.GetSeenAsync("m1", default));

        await Study.MarkSeenAsync("m1", ["q1", "q2"], new DateOnly(2026, 11, 24), default);
        await Study.MarkSeenAsync("m1", ["q2", "q3"], new DateOnly(2026, 11, 25), default);
        await Study.MarkSeenAsync("m1", [], new DateOnly(2026, 11, 26), default);

        var seen = await Study.GetSeenAsync("m1", default);
        Assert.Equal(3, seen.Count);
        Assert.Equal(new DateOnly(2026, 11, 24), seen["q1"]);
        Assert.Equal(new DateOnly(2026, 11, 25), seen["q2"]);
        Assert.Equal(new DateOnly(2026, 11, 25), seen["q3"]);
        Assert.Empty(await Study.GetSeenAsync("m2", default));
    }

    [Fact]
    public async Task Record_SameSourceTwice_AwardsOnceAndReportsTheDuplicate()
    {
        var award = Award("m1:s1:q1", points: 2, cap: 10, Now);

        Assert.Equal(new StudyOutcome(2, false, false), await Study.RecordAsync(new StudyRecord("m1", award, null), default));
        Assert.Equal(new StudyOutcome(0, true, false), await Study.RecordAsync(new StudyRecord("m1", award with { At = Now.AddMinutes(1) }, null), default));

        Assert.Equal(new PointsSummary(2, 2, 2, 2), await Study.GetPointsAsync("m1", StudyPeriods.For(Now), default));
        Assert.Single(await Study.ReadLedgerAsync("m1", default));
    }

    [Fact]
    public async Task Record_SameSourceForAnotherMember_IsNoDuplicate()
    {
        await Study.RecordAsync(new StudyRecord("m1", Award("s1", 2, 10, Now), null), default);

        Assert.Equal(new StudyOutcome(2, false, false), await Study.RecordAsync(new StudyRecord("m2", Award("s1", 2, 10, Now), null), default));
    }

    [Fact]
    public async Task Record_PastTheDailyCap_AwardsTheRestThenNothing()
    {
        var awarded = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            awarded.Add((await Study.RecordAsync(new StudyRecord("m1", Award("s" + i, 4, 10, Now.AddMinutes(i)), null), default)).Awarded);
        }

        Assert.Equal([4, 4, 2, 0], awarded);
        Assert.Equal(10, (await Study.GetPointsAsync("m1", StudyPeriods.For(Now), default)).Today);
    }

    [Fact]
    public async Task Record_ConcurrentCalls_AwardEachSourceOnceAndNeverPassTheCap()
    {
        var sameSource = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() =>
            Study.RecordAsync(new StudyRecord("m1", Award("s1", 3, 10, Now), null), default))));
        var manySources = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            Study.RecordAsync(new StudyRecord("m2", Award("s" + i, 3, 10, Now), null), default))));

        Assert.Equal(3, sameSource.Sum(o => o.Awarded));
        Assert.Equal(9, sameSource.Count(o => o.Duplicate));
        Assert.Equal(10, manySources.Sum(o => o.Awarded));
        Assert.Equal(10, (await Study.GetPointsAsync("m2", StudyPeriods.For(Now), default)).Total);
    }

    [Fact]
    public async Task Record_CapEdges_AwardWhatTheCapLeavesAndStillBookTheSource()
    {
        // (source, points, cap): what each award gives, one China day, one rule, in this order.
        (string Source, int Points, int Cap, int Awarded)[] table =
        [
            ("zero-cap", 5, 0, 0), ("zero-points", 0, 10, 0), ("over-cap", 15, 10, 10), ("after-cap", 1, 10, 0), ("higher-cap", 4, 12, 2),
        ];

        foreach (var (source, points, cap, expected) in table)
        {
            Assert.Equal(new StudyOutcome(expected, false, false), await Study.RecordAsync(new StudyRecord("m1", Award(source, points, cap, Now), null), default));
            Assert.Equal(new StudyOutcome(0, true, false), await Study.RecordAsync(new StudyRecord("m1", Award(source, points, cap + 100, Now), null), default));
        }

        Assert.Equal(new PointsSummary(12, 12, 12, 12), await Study.GetPointsAsync("m1", StudyPeriods.For(Now), default));
        Assert.Equal(table.Select(r => r.Source).Order(StringComparer.Ordinal), (await Study.ReadLedgerAsync("m1", default)).Select(e => e.SourceId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WrongBook_LeaveAfterOneRight_LeavesAtTheFirstRight()
    {
        await Study.RecordAsync(new StudyRecord("m1", null, new WrongBookChange("q1", WrongBookOp.Add, 1)), default);

        Assert.True((await Study.RecordAsync(new StudyRecord("m1", null, new WrongBookChange("q1", WrongBookOp.Right, 1)), default)).LeftBook);
        Assert.False((await Study.RecordAsync(new StudyRecord("m1", null, new WrongBookChange("q1", WrongBookOp.Right, 1)), default)).LeftBook);
        Assert.Empty(await Study.GetWrongBookAsync("m1", default));
    }

    [Fact]
    public async Task Record_CapOfOneRule_LeavesOtherRulesAlone()
    {
        await Study.RecordAsync(new StudyRecord("m1", Award("s1", 10, 10, Now), null), default);

        var other = await Study.RecordAsync(new StudyRecord("m1", Award("s2", 5, 10, Now, rule: "challenge"), null), default);

        Assert.Equal(5, other.Awarded);
        Assert.Equal(15, (await Study.GetPointsAsync("m1", StudyPeriods.For(Now), default)).Today);
    }

    [Fact]
    public async Task Record_Cap_StartsAfreshAtMidnightChinaTime()
    {
        var first = new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero);          // 24 Nov 07:30 in China
        var sameChinaDay = new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);   // 24 Nov 23:30 in China
        var nextChinaDay = new DateTimeOffset(2026, 11, 24, 16, 30, 0, TimeSpan.Zero);   // 25 Nov 00:30 in China

        Assert.Equal(10, (await Study.RecordAsync(new StudyRecord("m1", Award("s1", 10, 10, first), null), default)).Awarded);
        Assert.Equal(0, (await Study.RecordAsync(new StudyRecord("m1", Award("s2", 10, 10, sameChinaDay), null), default)).Awarded);
        Assert.Equal(10, (await Study.RecordAsync(new StudyRecord("m1", Award("s3", 10, 10, nextChinaDay), null), default)).Awarded);

        Assert.Equal(10, (await Study.GetPointsAsync("m1", StudyPeriods.For(first), default)).Today);
        Assert.Equal(new PointsSummary(10, 20, 20, 20), await Study.GetPointsAsync("m1", StudyPeriods.For(nextChinaDay), default));
    }

    [Fact]
    public async Task WrongBook_AddThenRights_CountsAndLeavesAtTheThreshold()
    {
        Assert.False((await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Add)), default)).LeftBook);
        await Study.RecordAsync(new StudyRecord("m1", null, Book("q2", WrongBookOp.Add)), default);
        Assert.Equal(new Dictionary<string, int> { ["q1"] = 0, ["q2"] = 0 }, await Study.GetWrongBookAsync("m1", default));

        Assert.False((await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Right)), default)).LeftBook);
        Assert.Equal(1, (await Study.GetWrongBookAsync("m1", default))["q1"]);

        Assert.True((await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Right)), default)).LeftBook);
        Assert.Equal(new Dictionary<string, int> { ["q2"] = 0 }, await Study.GetWrongBookAsync("m1", default));
    }

    [Fact]
    public async Task WrongBook_AddAgainAfterARight_ResetsTheCount()
    {
        await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Add)), default);
        await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Right)), default);

        await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Add)), default);

        Assert.Equal(0, (await Study.GetWrongBookAsync("m1", default))["q1"]);
        Assert.False((await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Right)), default)).LeftBook);
    }

    [Fact]
    public async Task WrongBook_RightOnQuestionNotInTheBook_ChangesNothing()
    {
        await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Add)), default);

        var outcome = await Study.RecordAsync(new StudyRecord("m1", null, new WrongBookChange("q9", WrongBookOp.Right, 1)), default);

        Assert.Equal(new StudyOutcome(0, false, false), outcome);
        Assert.Equal(new Dictionary<string, int> { ["q1"] = 0 }, await Study.GetWrongBookAsync("m1", default));
        Assert.Empty(await Study.GetWrongBookAsync("m2", default));
    }

    [Fact]
    public async Task Record_AwardAndBookTogether_DoesBoth()
    {
        await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Add)), default);

        var outcome = await Study.RecordAsync(new StudyRecord("m1", Award("s1", 3, 10, Now), new WrongBookChange("q1", WrongBookOp.Right, 1)), default);

        Assert.Equal(new StudyOutcome(3, false, true), outcome);
        Assert.Empty(await Study.GetWrongBookAsync("m1", default));
    }

    [Fact]
    public async Task Points_AwardsAcrossPeriods_AddUpByDayWeekMonthAndTotal()
    {
        var monday = new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
        var earlierThisMonth = new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);
        var lastMonth = new DateTimeOffset(2026, 10, 20, 1, 0, 0, TimeSpan.Zero);
        var octoberInUtcNovemberInChina = new DateTimeOffset(2026, 10, 31, 17, 0, 0, TimeSpan.Zero);
        await Study.RecordAsync(new StudyRecord("m1", Award("today", 5, 10, Now), null), default);
        await Study.RecordAsync(new StudyRecord("m1", Award("monday", 3, 10, monday), null), default);
        await Study.RecordAsync(new StudyRecord("m1", Award("early", 2, 10, earlierThisMonth), null), default);
        await Study.RecordAsync(new StudyRecord("m1", Award("last", 1, 10, lastMonth), null), default);
        await Study.RecordAsync(new StudyRecord("m1", Award("border", 7, 10, octoberInUtcNovemberInChina), null), default);

        Assert.Equal(new PointsSummary(5, 8, 17, 18), await Study.GetPointsAsync("m1", StudyPeriods.For(Now), default));
        Assert.Equal(new PointsSummary(0, 1, 1, 18), await Study.GetPointsAsync("m1", StudyPeriods.For(lastMonth.AddDays(5)), default));
        Assert.Equal(new PointsSummary(0, 0, 0, 0), await Study.GetPointsAsync("m2", StudyPeriods.For(Now), default));
    }

    [Fact]
    public async Task Ledger_ReadBack_HasEveryEntryInTimeOrderIncludingCappedOnes()
    {
        await Study.RecordAsync(new StudyRecord("m1", Award("m1:b", 8, 10, Now.AddMinutes(1)), null), default);
        await Study.RecordAsync(new StudyRecord("m1", Award("m1:a", 4, 10, Now), null), default);
        await Study.RecordAsync(new StudyRecord("m1", Award("m1:c", 4, 10, Now.AddMinutes(2)), null), default);
        await Study.RecordAsync(new StudyRecord("m1", Award("m1:d", 4, 10, Now.AddMinutes(3), rule: "challenge"), null), default);
        await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Add)), default);

        Assert.Equal(
            [
                new LedgerEntry("m1:a", "daily", 2, Now),
                new LedgerEntry("m1:b", "daily", 8, Now.AddMinutes(1)),
                new LedgerEntry("m1:c", "daily", 0, Now.AddMinutes(2)),
                new LedgerEntry("m1:d", "challenge", 4, Now.AddMinutes(3)),
            ],
            await Study.ReadLedgerAsync("m1", default));
        Assert.Empty(await Study.ReadLedgerAsync("m2", default));
    }

    [Fact]
    public async Task Ledger_RuleWithBars_RoundTrips()
    {
        await Study.RecordAsync(new StudyRecord("m1", Award("s|1", 3, 10, Now, rule: "daily|v2|x"), null), default);

        Assert.Equal([new LedgerEntry("s|1", "daily|v2|x", 3, Now)], await Study.ReadLedgerAsync("m1", default));
    }

    [Fact]
    public async Task Rebuild_RankingsEmptied_AreRestoredFromTheLedgers()
    {
        var plan = TestStores.Roster(
            $"张三,13900000001,{MemberStoreContractTests.Office},,,",
            $"李四,13900000002,{MemberStoreContractTests.Office},,,",
            $"王五,13900000003,{MemberStoreContractTests.Finance},,,");
        await Members.ImportAsync(plan, default);
        var (zhang, li, wang) = (plan.Members[0], plan.Members[1], plan.Members[2]);
        var lastWeek = Now.AddDays(-7);
        await RecordAndRankAsync(zhang, Award("z1", 5, 10, Now));
        await RecordAndRankAsync(zhang, Award("z2", 5, 10, Now.AddMinutes(1)));
        await RecordAndRankAsync(zhang, Award("z3", 5, 10, Now.AddMinutes(2)));
        await RecordAndRankAsync(li, Award("l1", 3, 10, Now));
        await RecordAndRankAsync(wang, Award("w1", 9, 10, lastWeek));
        var periods = StudyPeriods.For(Now);
        var office = RankingScope.Branch(zhang.BranchId);
        var finance = RankingScope.Branch(wang.BranchId);
        var before = await BoardsAsync(periods, office, finance);

        await Rankings.ReplaceAsync(
            new Dictionary<(RankingScope, string), IReadOnlyDictionary<string, int>>
            {
                [(RankingScope.Organisation, periods.Week)] = new Dictionary<string, int>(),
                [(office, periods.Week)] = new Dictionary<string, int>(),
            },
            default);
        Assert.Equal(0, await Rankings.CountAsync(RankingScope.Organisation, periods.Week, default));
        Assert.Equal(0, await Rankings.CountAsync(RankingScope.Organisation, StudyPeriods.AllTime, default));

        var outcome = await new RankingRebuild(Members, Study, Rankings).RunAsync(default);

        Assert.Equal(new RebuildOutcome(4, 14), outcome);
        Assert.Equal(before, await BoardsAsync(periods, office, finance));
        Assert.Equal(
            [new RankEntry(zhang.Id, 10, 1), new RankEntry(wang.Id, 9, 2), new RankEntry(li.Id, 3, 3)],
            await Rankings.TopAsync(RankingScope.Organisation, StudyPeriods.AllTime, 10, default));
        Assert.Equal([new RankEntry(wang.Id, 9, 1)], await Rankings.TopAsync(finance, StudyPeriods.For(lastWeek).Week, 10, default));
    }

    private async Task RecordAndRankAsync(Member member, PointsAward award)
    {
        var outcome = await Study.RecordAsync(new StudyRecord(member.Id, award, null), default);
        if (outcome.Awarded > 0)
        {
            await Rankings.ApplyAsync([new RankingUpdate(member.Id, member.BranchId, outcome.Awarded, award.At)], default);
        }
    }

    private async Task<string> BoardsAsync(StudyPeriods periods, params RankingScope[] branches)
    {
        var lines = new List<string>();
        foreach (var scope in branches.Prepend(RankingScope.Organisation))
        {
            foreach (var period in periods.All)
            {
                var top = await Rankings.TopAsync(scope, period, 100, default);
                lines.Add($"{scope.BranchId ?? "org"} {period}: " + string.Join(", ", top.Select(e => $"{e.Rank}.{e.MemberId}={e.Points}")));
            }
        }

        return string.Join("\n", lines);
    }

    private static PointsAward Award(string source, int points, int cap, DateTimeOffset at, string rule = "daily") => new(source, rule, points, cap, at);

    private static WrongBookChange Book(string questionId, WrongBookOp op) => new(questionId, op, LeaveAfterRights: 2);

    [Fact]
    public async Task Record_WrongAnswers_CountForTheMostWrongList()
    {
        await Study.RecordAsync(new StudyRecord("m1", null, Book("q1", WrongBookOp.Add), "q1"), default);
        await Study.RecordAsync(new StudyRecord("m2", null, null, "q1"), default);
        await Study.RecordAsync(new StudyRecord("m2", null, Book("q2", WrongBookOp.Add), "q2"), default);
        await Study.RecordAsync(new StudyRecord("m2", null, Book("q2", WrongBookOp.Right)), default);

        // The count is sent without waiting; a read on the same connection comes after it.
        Assert.Equal([new WrongCount("q1", 2), new WrongCount("q2", 1)], await Study.MostWrongAsync(10, default));
        Assert.Single(await Study.MostWrongAsync(1, default));
        Assert.Contains("q1", (await Study.GetWrongBookAsync("m1", default)).Keys);
    }
}

public sealed class MemoryStudyStoreContractTests : StudyStoreContractTests
{
    private readonly BranchBot.Adapters.Memory.MemoryStore _store = TestStores.Memory(new ManualClock());

    protected override IStudyStore Study => _store;

    protected override IMemberStore Members => _store;

    protected override IRankingStore Rankings => _store;
}

public sealed class RedisStudyStoreContractTests : StudyStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IStudyStore Study => _redis.Store;

    protected override IMemberStore Members => _redis.Store;

    protected override IRankingStore Rankings => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
