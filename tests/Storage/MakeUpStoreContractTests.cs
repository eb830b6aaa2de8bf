using BranchBot.Core.Meetings;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IMakeUpStore"/> must do; run on memory, a single Redis and the cluster.</summary>
public abstract class MakeUpStoreContractTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 12, 8, 6, 30, 0, TimeSpan.Zero);

    protected abstract IMakeUpStore MakeUps { get; }

    [Fact]
    public async Task Owe_RecordsEachMemberOnce_AndKeepsATaskAlreadyAdvanced()
    {
        await MakeUps.OweAsync("mtA", ["m1", "m2"], Deadline, default);
        var done = new MakeUpTask("mtA", "m1", MakeUpState.Done, Deadline, "学习了文件", Deadline.AddDays(-1));
        Assert.True((await MakeUps.AdvanceAsync(done, MakeUpState.Owed, default)).Applied);
        await MakeUps.OweAsync("mtA", ["m1", "m2"], Deadline.AddDays(3), default);

        Assert.Equal([done, new MakeUpTask("mtA", "m2", MakeUpState.Owed, Deadline)], await MakeUps.ListForMeetingAsync("mtA", default));
        Assert.Empty(await MakeUps.ListForMeetingAsync("mtNone", default));
    }

    [Fact]
    public async Task Advance_OnlyFromTheExpectedState_ReturningTheTaskAsItStands()
    {
        await MakeUps.OweAsync("mtB", ["m1"], Deadline, default);
        var done = new MakeUpTask("mtB", "m1", MakeUpState.Done, Deadline, "心得|含竖线", Deadline);
        var confirmed = done with { State = MakeUpState.Confirmed, ConfirmedAt = Deadline.AddHours(1) };

        Assert.Equal(new MakeUpChange(false, new MakeUpTask("mtB", "m1", MakeUpState.Owed, Deadline)), await MakeUps.AdvanceAsync(confirmed, MakeUpState.Done, default));
        Assert.Equal(new MakeUpChange(true, done), await MakeUps.AdvanceAsync(done, MakeUpState.Owed, default));
        Assert.Equal(new MakeUpChange(false, done), await MakeUps.AdvanceAsync(done with { Note = "again" }, MakeUpState.Owed, default));
        Assert.Equal(new MakeUpChange(true, confirmed), await MakeUps.AdvanceAsync(confirmed, MakeUpState.Done, default));
        Assert.Equal(new MakeUpChange(false, null), await MakeUps.AdvanceAsync(done with { MemberId = "m9" }, MakeUpState.Owed, default));
    }

    [Fact]
    public async Task Advance_ManyAtOnce_AppliesExactlyOnce()
    {
        await MakeUps.OweAsync("mtC", ["m1"], Deadline, default);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            MakeUps.AdvanceAsync(new MakeUpTask("mtC", "m1", MakeUpState.Done, Deadline, "note " + i, Deadline), MakeUpState.Owed, default)));
        Assert.Single(results, r => r.Applied);
    }

    [Fact]
    public async Task ListForMember_HoldsEveryMeetingOldestDeadlineFirst()
    {
        await MakeUps.OweAsync("mtLate", ["m7"], Deadline.AddDays(5), default);
        await MakeUps.OweAsync("mtEarly", ["m7", "m8"], Deadline, default);
        Assert.Equal(["mtEarly", "mtLate"], (await MakeUps.ListForMemberAsync("m7", default)).Select(t => t.MeetingId));
        Assert.Equal(["mtEarly"], (await MakeUps.ListForMemberAsync("m8", default)).Select(t => t.MeetingId));
        Assert.Empty(await MakeUps.ListForMemberAsync("m9", default));
    }
}

public sealed class MemoryMakeUpStoreContractTests : MakeUpStoreContractTests
{
    protected override IMakeUpStore MakeUps { get; } = TestStores.Memory(new ManualClock());
}

public sealed class RedisMakeUpStoreContractTests : MakeUpStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IMakeUpStore MakeUps => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterMakeUpStoreContractTests : MakeUpStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IMakeUpStore MakeUps => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
