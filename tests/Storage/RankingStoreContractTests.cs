using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IRankingStore"/> must do; run once per adapter.</summary>
public abstract class RankingStoreContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);
    private static readonly StudyPeriods Periods = StudyPeriods.For(Now);
    private static readonly RankingScope BranchA = RankingScope.Branch("oA");
    private static readonly RankingScope BranchB = RankingScope.Branch("oB");

    protected abstract IRankingStore Rankings { get; }

    [Fact]
    public async Task Apply_OneUpdate_CountsInBranchAndOrganisationForAllFourPeriods()
    {
        await Rankings.ApplyAsync([new RankingUpdate("m1", "oA", 5, Now)], default);

        foreach (var period in Periods.All)
        {
            Assert.Equal([new RankEntry("m1", 5, 1)], await Rankings.TopAsync(BranchA, period, 10, default));
            Assert.Equal([new RankEntry("m1", 5, 1)], await Rankings.TopAsync(RankingScope.Organisation, period, 10, default));
            Assert.Equal(0, await Rankings.CountAsync(BranchB, period, default));
        }
    }

    [Fact]
    public async Task Apply_SeveralUpdates_AddUpPerPeriod()
    {
        var lastWeek = Now.AddDays(-7);
        await Rankings.ApplyAsync([new RankingUpdate("m1", "oA", 5, Now), new RankingUpdate("m1", "oA", 2, Now.AddHours(1))], default);
        await Rankings.ApplyAsync([new RankingUpdate("m1", "oA", 4, lastWeek), new RankingUpdate("m2", "oB", 3, Now)], default);

        Assert.Equal(new RankEntry("m1", 7, 1), await Rankings.RankOfAsync(BranchA, Periods.Week, "m1", default));
        Assert.Equal(new RankEntry("m1", 4, 1), await Rankings.RankOfAsync(BranchA, StudyPeriods.For(lastWeek).Week, "m1", default));
        Assert.Equal(new RankEntry("m1", 11, 1), await Rankings.RankOfAsync(BranchA, Periods.Month, "m1", default));
        Assert.Equal(
            [new RankEntry("m1", 11, 1), new RankEntry("m2", 3, 2)],
            await Rankings.TopAsync(RankingScope.Organisation, StudyPeriods.AllTime, 10, default));
        Assert.Equal([new RankEntry("m2", 3, 1)], await Rankings.TopAsync(BranchB, Periods.Day, 10, default));
    }

    [Fact]
    public async Task Top_TiedPoints_AreOrderedByMemberIdDescending()
    {
        await Rankings.ApplyAsync(
            [
                new RankingUpdate("m1", "oA", 5, Now),
                new RankingUpdate("m3", "oA", 5, Now),
                new RankingUpdate("m2", "oA", 7, Now),
                new RankingUpdate("m10", "oA", 5, Now),
                new RankingUpdate("m0", "oA", 1, Now),
            ],
            default);

        Assert.Equal(
            [new RankEntry("m2", 7, 1), new RankEntry("m3", 5, 2), new RankEntry("m10", 5, 3), new RankEntry("m1", 5, 4), new RankEntry("m0", 1, 5)],
            await Rankings.TopAsync(BranchA, Periods.Week, 10, default));
        Assert.Equal([new RankEntry("m2", 7, 1), new RankEntry("m3", 5, 2)], await Rankings.TopAsync(BranchA, Periods.Week, 2, default));
        Assert.Equal(new RankEntry("m10", 5, 3), await Rankings.RankOfAsync(BranchA, Periods.Week, "m10", default));
    }

    [Fact]
    public async Task Top_CountZeroOrEmptyBoard_IsEmpty()
    {
        await Rankings.ApplyAsync([new RankingUpdate("m1", "oA", 5, Now)], default);

        Assert.Empty(await Rankings.TopAsync(BranchA, Periods.Week, 0, default));
        Assert.Empty(await Rankings.TopAsync(BranchB, Periods.Week, 10, default));
    }

    [Fact]
    public async Task RankOf_IsOneBasedAndNullWithoutPoints()
    {
        await Rankings.ApplyAsync([new RankingUpdate("m1", "oA", 5, Now), new RankingUpdate("m2", "oA", 9, Now)], default);

        Assert.Equal(new RankEntry("m2", 9, 1), await Rankings.RankOfAsync(BranchA, Periods.Day, "m2", default));
        Assert.Equal(new RankEntry("m1", 5, 2), await Rankings.RankOfAsync(BranchA, Periods.Day, "m1", default));
        Assert.Null(await Rankings.RankOfAsync(BranchA, Periods.Day, "m3", default));
        Assert.Null(await Rankings.RankOfAsync(BranchB, Periods.Day, "m1", default));
        Assert.Null(await Rankings.RankOfAsync(BranchA, StudyPeriods.For(Now.AddDays(1)).Day, "m1", default));
    }

    [Fact]
    public async Task Count_IsMembersWithPoints()
    {
        await Rankings.ApplyAsync([new RankingUpdate("m1", "oA", 5, Now), new RankingUpdate("m2", "oB", 9, Now), new RankingUpdate("m1", "oA", 1, Now)], default);

        Assert.Equal(1, await Rankings.CountAsync(BranchA, Periods.Week, default));
        Assert.Equal(2, await Rankings.CountAsync(RankingScope.Organisation, Periods.Week, default));
        Assert.Equal(0, await Rankings.CountAsync(RankingScope.Organisation, StudyPeriods.For(Now.AddDays(40)).Month, default));
    }

    [Fact]
    public async Task Replace_GivenTotals_ReplacesTheBoardsAndDropsAllOthers()
    {
        await Rankings.ApplyAsync([new RankingUpdate("m1", "oA", 5, Now), new RankingUpdate("m2", "oB", 9, Now)], default);

        await Rankings.ReplaceAsync(
            new Dictionary<(RankingScope, string), IReadOnlyDictionary<string, int>>
            {
                [(BranchA, Periods.Week)] = new Dictionary<string, int> { ["m3"] = 4, ["m4"] = 6 },
                [(RankingScope.Organisation, Periods.Week)] = new Dictionary<string, int> { ["m3"] = 4 },
                [(BranchB, Periods.Week)] = new Dictionary<string, int>(),
            },
            default);

        Assert.Equal([new RankEntry("m4", 6, 1), new RankEntry("m3", 4, 2)], await Rankings.TopAsync(BranchA, Periods.Week, 10, default));
        Assert.Equal([new RankEntry("m3", 4, 1)], await Rankings.TopAsync(RankingScope.Organisation, Periods.Week, 10, default));
        Assert.Equal(0, await Rankings.CountAsync(BranchB, Periods.Week, default));
        foreach (var period in new[] { Periods.Day, Periods.Month, StudyPeriods.AllTime })
        {
            Assert.Equal(0, await Rankings.CountAsync(BranchA, period, default));
            Assert.Equal(0, await Rankings.CountAsync(BranchB, period, default));
            Assert.Equal(0, await Rankings.CountAsync(RankingScope.Organisation, period, default));
        }
    }

    [Fact]
    public async Task Replace_ThenApply_AddsOnTopOfTheReplacedTotals()
    {
        await Rankings.ReplaceAsync(
            new Dictionary<(RankingScope, string), IReadOnlyDictionary<string, int>> { [(BranchA, Periods.Week)] = new Dictionary<string, int> { ["m1"] = 4 } },
            default);

        await Rankings.ApplyAsync([new RankingUpdate("m1", "oA", 2, Now)], default);

        Assert.Equal(new RankEntry("m1", 6, 1), await Rankings.RankOfAsync(BranchA, Periods.Week, "m1", default));
        Assert.Equal(new RankEntry("m1", 2, 1), await Rankings.RankOfAsync(BranchA, Periods.Day, "m1", default));
    }
}

public sealed class MemoryRankingStoreContractTests : RankingStoreContractTests
{
    private readonly BranchBot.Adapters.Memory.MemoryStore _store = TestStores.Memory(new ManualClock());

    protected override IRankingStore Rankings => _store;
}

public sealed class RedisRankingStoreContractTests : RankingStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IRankingStore Rankings => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
