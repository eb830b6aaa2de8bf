using BranchBot.Core.MemberPoints;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IMemberPointsStore"/> must do; run on memory, a single Redis and the cluster.</summary>
public abstract class MemberPointsStoreContractTests
{
    private static readonly DateTimeOffset March = new(2026, 3, 10, 2, 0, 0, TimeSpan.Zero);

    protected abstract IMemberPointsStore Points { get; }

    private static PointsEntry Entry(string member, string source, int points, string branch = "b1", DateTimeOffset? at = null) =>
        new(member, source, PointsSourceKind.Attendance, points, "按时参会：支部党员大会（3月10日 10:00）", at ?? March, branch, "考勤", "mt1");

    [Fact]
    public async Task Set_IsIdempotentBySource_AndReplacesTheValue()
    {
        Assert.Equal(new PointsChange(true, 2), await Points.SetPointsAsync(Entry("m1", "att:mt1", 2), default));
        Assert.Equal(new PointsChange(false, 2), await Points.SetPointsAsync(Entry("m1", "att:mt1", 2), default));
        Assert.Equal(new PointsChange(true, 5), await Points.SetPointsAsync(Entry("m1", "att:mt2", 3, at: March.AddDays(1)), default));
        Assert.Equal(new PointsChange(true, 1), await Points.SetPointsAsync(Entry("m1", "att:mt1", -2), default));

        var list = await Points.ListPointsAsync("m1", 2026, default);
        Assert.Equal(["att:mt2", "att:mt1"], list.Select(e => e.Source));
        Assert.Equal(Entry("m1", "att:mt1", -2), list[1]);
        Assert.Empty(await Points.ListPointsAsync("m1", 2025, default));
        Assert.Equal([new PointsStanding("m1", 1)], await Points.BranchPointsAsync("b1", 2026, default));
    }

    [Fact]
    public async Task Remove_TakesTheEntryOutOfTheTotalAndTheRanking()
    {
        await Points.SetPointsAsync(Entry("m1", "vol:a", 4), default);
        await Points.SetPointsAsync(Entry("m2", "vol:b", 3), default);
        Assert.Equal(Entry("m1", "vol:a", 4), await Points.RemovePointsAsync("m1", 2026, "vol:a", default));
        Assert.Null(await Points.RemovePointsAsync("m1", 2026, "vol:a", default));
        Assert.Empty(await Points.ListPointsAsync("m1", 2026, default));
        Assert.Equal([new PointsStanding("m2", 3)], await Points.BranchPointsAsync("b1", 2026, default));
    }

    [Fact]
    public async Task Ranking_PerBranchAndYear_HighestFirst_AndFollowsAnEntryThatChangesBranch()
    {
        await Points.SetPointsAsync(Entry("m1", "att:mt1", 2), default);
        await Points.SetPointsAsync(Entry("m2", "att:mt1", 5), default);
        await Points.SetPointsAsync(Entry("m3", "att:mt1", 2), default);
        await Points.SetPointsAsync(Entry("m3", "att:old", 9, at: March.AddYears(-1)), default);
        await Points.SetPointsAsync(Entry("m4", "att:mt9", 7, branch: "b2"), default);
        Assert.Equal([new("m2", 5), new("m1", 2), new PointsStanding("m3", 2)], await Points.BranchPointsAsync("b1", 2026, default));
        Assert.Equal([new PointsStanding("m3", 9)], await Points.BranchPointsAsync("b1", 2025, default));

        await Points.SetPointsAsync(Entry("m1", "att:mt1", 2, branch: "b2"), default);
        Assert.Equal([new("m2", 5), new PointsStanding("m3", 2)], await Points.BranchPointsAsync("b1", 2026, default));
        Assert.Equal([new("m4", 7), new PointsStanding("m1", 2)], await Points.BranchPointsAsync("b2", 2026, default));
    }

    [Fact]
    public async Task Set_ManyAtOnce_EndsWithOneEntryPerSource_AndTheRankingEqualsTheEntries()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Points.SetPointsAsync(Entry("m1", "att:mt" + (i % 5), i % 5 + 1), default)));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Points.SetPointsAsync(Entry("m1", "att:mt0", 1), default)));
        var list = await Points.ListPointsAsync("m1", 2026, default);
        Assert.Equal(5, list.Count);
        Assert.Equal([new PointsStanding("m1", 15)], await Points.BranchPointsAsync("b1", 2026, default));
    }
}

public sealed class MemoryMemberPointsStoreContractTests : MemberPointsStoreContractTests
{
    protected override IMemberPointsStore Points { get; } = TestStores.Memory(new ManualClock());
}

public sealed class RedisMemberPointsStoreContractTests : MemberPointsStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IMemberPointsStore Points => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterMemberPointsStoreContractTests : MemberPointsStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IMemberPointsStore Points => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
