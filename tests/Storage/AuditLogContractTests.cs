using BranchBot.Core.Audit;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IAuditLog"/> must do; run once per adapter.</summary>
public abstract class AuditLogContractTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    protected abstract IAuditLog Audit { get; }

    private static AuditEntry Entry(int i, string? branch) => new(At.AddSeconds(i), "wang", branch, "POST /api/meetings", "id=mt" + i, 201, null);

    [Fact]
    public async Task Append_BranchEntries_GoToTheBranchAndTheOrganisationNewestFirst()
    {
        await Audit.AppendAsync(Entry(1, "b1"), default);
        await Audit.AppendAsync(Entry(2, null) with { Detail = "登录失败", Status = 401 }, default);
        await Audit.AppendAsync(Entry(3, "b2"), default);

        Assert.Equal([Entry(3, "b2"), Entry(2, null) with { Detail = "登录失败", Status = 401 }, Entry(1, "b1")], await Audit.ListAsync(null, 100, default));
        Assert.Equal([Entry(1, "b1")], await Audit.ListAsync("b1", 100, default));
        Assert.Equal([Entry(3, "b2")], await Audit.ListAsync("b2", 100, default));
        Assert.Empty(await Audit.ListAsync("b3", 100, default));
    }

    [Fact]
    public async Task List_Count_GivesTheNewestOnly()
    {
        for (var i = 0; i < 5; i++)
        {
            await Audit.AppendAsync(Entry(i, "b1"), default);
        }

        Assert.Equal([4, 3], (await Audit.ListAsync("b1", 2, default)).Select(e => e.At.Second));
    }

    [Fact]
    public async Task Append_PastCapacity_KeepsTheNewest()
    {
        for (var i = 0; i < 5; i++)
        {
            await Audit.AppendAsync(Entry(i, "b1") with { Target = i.ToString() }, default);
        }

        foreach (var batch in Enumerable.Range(5, IAuditLog.Capacity).Chunk(500))
        {
            await Task.WhenAll(batch.Select(i => Audit.AppendAsync(Entry(i, "b1") with { Target = i.ToString() }, default)));
        }

        var all = await Audit.ListAsync("b1", IAuditLog.Capacity + 100, default);
        Assert.Equal(IAuditLog.Capacity, all.Count);
        Assert.Equal(IAuditLog.Capacity, (await Audit.ListAsync(null, IAuditLog.Capacity + 100, default)).Count);
        Assert.DoesNotContain(all, e => int.Parse(e.Target!) < 5);
    }
}

public sealed class MemoryAuditLogContractTests : AuditLogContractTests
{
    protected override IAuditLog Audit { get; } = TestStores.Memory(new ManualClock());
}

public sealed class RedisAuditLogContractTests : AuditLogContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IAuditLog Audit => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterAuditLogContractTests : AuditLogContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IAuditLog Audit => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
