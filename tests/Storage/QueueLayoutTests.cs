using BranchBot.Adapters.Redis;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>
/// The due-queue's bucket layout is data at rest: a job's bucket and a bucket's tag must never change between
/// versions, or queued jobs would be looked for where they are not.
/// </summary>
public sealed class QueueLayoutTests
{
    [Theory]
    [InlineData("r:m1:member1:60", "rq16.14.63")]
    [InlineData("cxl:mtg42:abc", "rq16.10.13")]
    [InlineData("r:会议:党员:1440", "rq16.9.1")]
    public void TagOf_KnownIds_StayInTheirBuckets(string jobId, string tag) =>
        Assert.Equal(tag, QueueLayout.Of(16).TagOf(jobId));

    [Fact]
    public void OneBucket_IsTheLayoutFromBeforeBuckets() =>
        Assert.Equal(["rq"], QueueLayout.Of(1).Tags);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(64)]
    public void Tags_LieInEqualShareOfTheSlots_InOrder(int buckets)
    {
        var tags = QueueLayout.Of(buckets).Tags;
        Assert.Equal(buckets, tags.Distinct().Count());
        for (var b = 0; b < buckets; b++)
        {
            Assert.InRange(QueueLayout.SlotOf(tags[b]), b * 16384 / buckets, (b + 1) * 16384 / buckets - 1);
        }
    }

    [Fact]
    public void TagOf_ManyIds_FillsEveryBucketEvenly()
    {
        var layout = QueueLayout.Of(16);
        var counts = Enumerable.Range(0, 16_000).Select(i => layout.TagOf($"r:mtg{i % 97}:m{i}:60")).GroupBy(t => t).Select(g => g.Count()).ToList();
        Assert.Equal(16, counts.Count);
        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }

    [Fact]
    public async Task SlotOf_AgreesWithRedisCluster()
    {
        // CLUSTER is an admin command to the client.
        using var redis = new RedisTestStore(RedisCluster.Shared.Configuration + ",allowAdmin=true");
        var db = await redis.Connection.DatabaseAsync(default);
        foreach (var tag in QueueLayout.Of(16).Tags.Append("rq").Append("u:oWang"))
        {
            var slot = (long)await db.ExecuteAsync("CLUSTER", "KEYSLOT", tag);
            Assert.Equal(slot, QueueLayout.SlotOf(tag));
        }
    }
}
