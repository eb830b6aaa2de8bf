using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IDeliveryProblems"/> must do; run once per adapter.</summary>
public abstract class DeliveryProblemsContractTests
{
    private static readonly DateTimeOffset First = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    protected abstract IDeliveryProblems Problems { get; }

    private static DeliveryProblem Refusal(string key, DateTimeOffset at, string detail = "argument invalid! data.time2.value invalid") =>
        new(key, DeliveryChannel.Template, "Reminders:TemplateFields:time2", "47003", detail, at, at, 1);

    [Fact]
    public async Task Report_SameCauseManyTimes_IsOneEntryThatCountsAndKeepsTheFirstReport()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Problems.ReportProblemAsync(Refusal("tpl:T:time2", First.AddSeconds(i), "detail " + i), default))));
        await Problems.ReportProblemAsync(Refusal("tpl:T:time2", First.AddMinutes(5), "later"), default);

        var problem = Assert.Single(await Problems.ListProblemsAsync(default));
        Assert.Equal(41, problem.Count);
        Assert.Equal(First.AddMinutes(5), problem.LastSeen);
        Assert.StartsWith("detail ", problem.Detail);
        Assert.Equal("Reminders:TemplateFields:time2", problem.Setting);
    }

    [Fact]
    public async Task Dismiss_RemovesOnlyThatCause_AndANewRefusalBringsItBack()
    {
        await Problems.ReportProblemAsync(Refusal("tpl:T:time2", First), default);
        await Problems.ReportProblemAsync(Refusal("sms:aliyun:MeetingReminder:isv.PARAM_LENGTH_LIMIT", First.AddSeconds(1)) with { Channel = DeliveryChannel.Sms }, default);

        Assert.True(await Problems.DismissProblemAsync("tpl:T:time2", default));
        Assert.False(await Problems.DismissProblemAsync("tpl:T:time2", default));
        Assert.Equal(["sms:aliyun:MeetingReminder:isv.PARAM_LENGTH_LIMIT"], (await Problems.ListProblemsAsync(default)).Select(p => p.Key));

        await Problems.ReportProblemAsync(Refusal("tpl:T:time2", First.AddHours(1)), default);
        var back = (await Problems.ListProblemsAsync(default)).Single(p => p.Key == "tpl:T:time2");
        Assert.Equal(1, back.Count);
        Assert.Equal(First.AddHours(1), back.FirstSeen);
    }
}

public sealed class MemoryDeliveryProblemsContractTests : DeliveryProblemsContractTests
{
    private readonly BranchBot.Adapters.Memory.MemoryStore _store = TestStores.Memory(new ManualClock());

    protected override IDeliveryProblems Problems => _store;
}

public sealed class RedisDeliveryProblemsContractTests : DeliveryProblemsContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IDeliveryProblems Problems => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterDeliveryProblemsContractTests : DeliveryProblemsContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IDeliveryProblems Problems => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
