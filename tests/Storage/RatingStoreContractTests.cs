using BranchBot.Core.Bulletins;
using BranchBot.Core.Ratings;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Ratings;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IRatingStore"/> and <see cref="IBulletinStore"/> must do; run on memory, a single Redis and the cluster.</summary>
public abstract class RatingStoreContractTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    protected abstract IRatingStore Ratings { get; }

    protected abstract IBulletinStore Bulletins { get; }

    [Fact]
    public async Task Fields_AreSetPerBranch_AndReplaced()
    {
        Assert.Empty(await Ratings.GetFieldsAsync(default));
        await Ratings.SetFieldAsync("b1", BranchField.Community, default);
        await Ratings.SetFieldAsync("b2", BranchField.School, default);
        await Ratings.SetFieldAsync("b1", BranchField.Government, default);

        var fields = await Ratings.GetFieldsAsync(default);
        Assert.Equal([("b1", BranchField.Government), ("b2", BranchField.School)], fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value)));
    }

    [Fact]
    public async Task Award_ChangesTheStarOnlyWhenItDiffers_KeepingTheWholeHistory()
    {
        var award = new StarAward("b1", StarKind.Feature1, true, "理由|含竖线", "admin", At);
        Assert.Equal(new AwardChange(false, null), await Ratings.ChangeAwardAsync(award with { Awarded = false }, default));
        Assert.Equal(new AwardChange(true, award), await Ratings.ChangeAwardAsync(award, default));
        Assert.Equal(new AwardChange(false, award), await Ratings.ChangeAwardAsync(award with { Reason = "again", At = At.AddHours(1) }, default));
        var other = new StarAward("b1", StarKind.Guarantee, true, "保障到位", "admin", At.AddHours(2));
        Assert.True((await Ratings.ChangeAwardAsync(other, default)).Applied);
        var withdrawn = award with { Awarded = false, Reason = "撤销", At = At.AddDays(1) };
        Assert.Equal(new AwardChange(true, withdrawn), await Ratings.ChangeAwardAsync(withdrawn, default));

        Assert.Equal([award, other, withdrawn], await Ratings.GetAwardsAsync("b1", default));
        Assert.Empty(await Ratings.GetAwardsAsync("b2", default));
    }

    [Fact]
    public async Task Award_ManyAtOnce_AppliesExactlyOnce()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Ratings.ChangeAwardAsync(new StarAward("b3", StarKind.Feature5, true, "理由 " + i, "admin", At), default)));
        Assert.Single(results, r => r.Applied);
        Assert.Single(await Ratings.GetAwardsAsync("b3", default));
    }

    [Fact]
    public async Task Snapshot_KeepsTheFirst_PerBranchAndPeriod()
    {
        var figures = StarRulesTests.Good();
        var first = new BranchStars("b1", "测试支部", BranchField.Government, "2026-Q3", "2026年第3季度",
            StarRules.Judge(figures, new Dictionary<StarKind, StarAward>(), new RatingOptions()), figures, true, At);
        var later = first with { Figures = figures with { Present = 1 }, TakenAt = At.AddHours(1) };

        var stored = await Ratings.SaveSnapshotAsync(first, default);
        Assert.Equal(first.Count, stored.Count);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(first), System.Text.Json.JsonSerializer.Serialize(stored));
        Assert.Equal(first.Stars.Select(s => (s.Kind, s.Awarded, s.Reason)), stored.Stars.Select(s => (s.Kind, s.Awarded, s.Reason)));
        Assert.Equal(At, (await Ratings.SaveSnapshotAsync(later, default)).TakenAt);
        await Ratings.SaveSnapshotAsync(first with { BranchId = "b2" }, default);

        Assert.Equal(["b1", "b2"], (await Ratings.GetSnapshotsAsync("2026-Q3", default)).Select(s => s.BranchId));
        Assert.Equal(38, (await Ratings.GetSnapshotsAsync("2026-Q3", default))[0].Figures.Present);
        Assert.Empty(await Ratings.GetSnapshotsAsync("2026-Q2", default));
    }

    [Fact]
    public async Task Bulletin_KeepsTheFirstOfAMonth_AndListsNewestFirst()
    {
        var row = new BulletinRow("b1", "测试支部", "机关", 3, 4, 20, 18, 1, 18.0 / 19, 2, 5, 10, 6, ["支委会"], ["基本制度"]);
        var november = new Bulletin("2026-11", "2026年11月", At, new BulletinTotals(1, 3, 4, 20, 18, 1, 2, 5, 10, 6), [row]);
        Assert.Null(await Bulletins.GetBulletinAsync("2026-11", default));

        var stored = await Bulletins.AddBulletinAsync(november, default);
        Assert.Equal(november.Rows[0].MissedRules, stored.Rows[0].MissedRules);
        var again = await Bulletins.AddBulletinAsync(november with { CreatedAt = At.AddDays(1), Rows = [] }, default);
        Assert.Equal((At, 1), (again.CreatedAt, again.Rows.Count));
        await Bulletins.AddBulletinAsync(november with { PeriodKey = "2026-10", PeriodLabel = "2026年10月" }, default);

        Assert.Equal(["2026-11", "2026-10"], (await Bulletins.ListBulletinsAsync(default)).Select(b => b.PeriodKey));
        Assert.Equal(november.Totals, (await Bulletins.GetBulletinAsync("2026-11", default))!.Totals);
    }
}

public sealed class MemoryRatingStoreContractTests : RatingStoreContractTests
{
    private readonly Adapters.Memory.MemoryStore _store = TestStores.Memory(new ManualClock());

    protected override IRatingStore Ratings => _store;

    protected override IBulletinStore Bulletins => _store;
}

public sealed class RedisRatingStoreContractTests : RatingStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IRatingStore Ratings => _redis.Store;

    protected override IBulletinStore Bulletins => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterRatingStoreContractTests : RatingStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IRatingStore Ratings => _redis.Store;

    protected override IBulletinStore Bulletins => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
