using BranchBot.Core.Meetings;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IMeetingRecords"/> must do; run once per adapter.</summary>
public abstract class MeetingRecordsContractTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 6, 30, 0, TimeSpan.Zero);

    protected abstract IMeetingRecords Records { get; }

    private static MeetingPhoto Photo(string meeting, int i, string member = "m1") =>
        new(meeting, "msg" + i, member, "media" + i, "http://mmbiz.qpic.cn/" + i, At.AddSeconds(i));

    [Fact]
    public async Task Attach_KeepsOrderAndSender_AndARedeliveryAttachesOnce()
    {
        Assert.Equal(new PhotoAttachment(true, 1), await Records.AttachPhotoAsync(Photo("mtA", 1), default));
        Assert.Equal(new PhotoAttachment(true, 2), await Records.AttachPhotoAsync(Photo("mtA", 2, "m2"), default));
        Assert.Equal(new PhotoAttachment(false, 2), await Records.AttachPhotoAsync(Photo("mtA", 1) with { MediaId = "other" }, default));
        Assert.Equal(new PhotoAttachment(true, 1), await Records.AttachPhotoAsync(Photo("mtB", 1), default));

        Assert.Equal([Photo("mtA", 1), Photo("mtA", 2, "m2")], await Records.ListPhotosAsync("mtA", default));
        Assert.Equal([Photo("mtB", 1)], await Records.ListPhotosAsync("mtB", default));
        Assert.Empty(await Records.ListPhotosAsync("mtNone", default));
    }

    [Fact]
    public async Task Attach_ManyAtOnce_EachAttachedOnceUpToTheCap()
    {
        var photos = Enumerable.Range(0, IMeetingRecords.MaxPhotos + 10).Select(i => Photo("mtC", i)).ToList();
        var results = await Task.WhenAll(photos.Concat(photos.Take(20)).Select(p => Records.AttachPhotoAsync(p, default)));
        Assert.Equal(IMeetingRecords.MaxPhotos, results.Count(r => r.Added));
        Assert.Equal(10, results.Count(r => r.Full));
        Assert.Equal(IMeetingRecords.MaxPhotos, (await Records.ListPhotosAsync("mtC", default)).Select(p => p.PhotoId).Distinct().Count());
    }

    private static MeetingRecord Record(string meeting, string minutes) =>
        new(meeting, 0, ["议题一", "议题二"], "host", "recorder", minutes, ["决议一"], new RecordSignOff("王书记", At), EverSignedOff: true, ChatLineIds: ["msg1"]);

    [Fact]
    public async Task Record_FirstSaveNeedsVersionZero_AndRoundTripsEveryField()
    {
        Assert.Null(await Records.GetRecordAsync("rcA", default));
        Assert.False((await Records.SaveRecordAsync(Record("rcA", "x"), 1, default)).Saved);
        Assert.Null(await Records.GetRecordAsync("rcA", default));

        var save = await Records.SaveRecordAsync(Record("rcA", "第一行\n第二行"), 0, default);
        Assert.True(save.Saved);
        var stored = await Records.GetRecordAsync("rcA", default);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal(1, save.Current!.Version);
        Assert.Equal(["议题一", "议题二"], stored.Agenda);
        Assert.Equal(("host", "recorder", "第一行\n第二行"), (stored.HostMemberId, stored.RecorderMemberId, stored.Minutes));
        Assert.Equal(["决议一"], stored.Resolutions);
        Assert.Equal(new RecordSignOff("王书记", At), stored.SignedOff);
        Assert.True(stored.EverSignedOff);
        Assert.Equal(["msg1"], stored.ChatLineIds!);
        Assert.Null(await Records.GetRecordAsync("rcOther", default));
    }

    [Fact]
    public async Task Record_StaleVersion_SavesNothingAndReturnsTheCurrentRecord()
    {
        Assert.True((await Records.SaveRecordAsync(Record("rcB", "one"), 0, default)).Saved);
        Assert.True((await Records.SaveRecordAsync(Record("rcB", "two"), 1, default)).Saved);

        var stale = await Records.SaveRecordAsync(Record("rcB", "three"), 1, default);
        Assert.False(stale.Saved);
        Assert.Equal((2L, "two"), (stale.Current!.Version, stale.Current.Minutes));
        Assert.Equal("two", (await Records.GetRecordAsync("rcB", default))!.Minutes);
    }

    [Fact]
    public async Task Record_ManySavesOfOneVersionAtOnce_ExactlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Records.SaveRecordAsync(Record("rcC", "writer" + i), 0, default)));
        Assert.Single(results, r => r.Saved);
        var winner = results.Single(r => r.Saved).Current!.Minutes;
        Assert.Equal(winner, (await Records.GetRecordAsync("rcC", default))!.Minutes);
        Assert.All(results.Where(r => !r.Saved), r => Assert.Equal(1, r.Current!.Version));
    }
}

public sealed class MemoryMeetingRecordsContractTests : MeetingRecordsContractTests
{
    protected override IMeetingRecords Records { get; } = TestStores.Memory(new ManualClock());
}

public sealed class RedisMeetingRecordsContractTests : MeetingRecordsContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IMeetingRecords Records => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterMeetingRecordsContractTests : MeetingRecordsContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IMeetingRecords Records => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
