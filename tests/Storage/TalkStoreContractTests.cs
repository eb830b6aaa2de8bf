using BranchBot.Core.Talks;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="ITalkStore"/> must do; run on memory, a single Redis and the cluster.</summary>
public abstract class TalkStoreContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    protected abstract ITalkStore Talks { get; }

    [Fact]
    public async Task Add_OncePerPairAndDate_WhicheverWayRoundThePairIsGiven()
    {
        var talk = Talk.Create("b1", "m2", "m1", new DateOnly(2026, 5, 4), "交流学习体会", "王书记", Now);
        Assert.Equal(("m1", "m2"), (talk.MemberA, talk.MemberB));
        Assert.True(await Talks.AddTalkAsync(talk, default));
        Assert.False(await Talks.AddTalkAsync(Talk.Create("b1", "m1", "m2", new DateOnly(2026, 5, 4), null, "王书记", Now), default));
        Assert.Equal([talk], await Talks.ListTalksAsync("b1", 2026, default));
    }

    [Fact]
    public async Task List_PerBranchAndYear_OldestFirst()
    {
        var late = Talk.Create("b1", "m1", "m3", new DateOnly(2026, 9, 1), null, "王书记", Now);
        var early = Talk.Create("b1", "m1", "m2", new DateOnly(2026, 2, 1), null, "王书记", Now);
        await Talks.AddTalkAsync(late, default);
        await Talks.AddTalkAsync(early, default);
        await Talks.AddTalkAsync(Talk.Create("b1", "m1", "m2", new DateOnly(2025, 12, 30), null, "王书记", Now), default);
        await Talks.AddTalkAsync(Talk.Create("b2", "m8", "m9", new DateOnly(2026, 3, 1), null, "李书记", Now), default);
        Assert.Equal([early, late], await Talks.ListTalksAsync("b1", 2026, default));
        Assert.Single(await Talks.ListTalksAsync("b1", 2025, default));
        Assert.Empty(await Talks.ListTalksAsync("b3", 2026, default));
    }
}

public sealed class MemoryTalkStoreContractTests : TalkStoreContractTests
{
    protected override ITalkStore Talks { get; } = TestStores.Memory(new ManualClock());
}

public sealed class RedisTalkStoreContractTests : TalkStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override ITalkStore Talks => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterTalkStoreContractTests : TalkStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override ITalkStore Talks => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
