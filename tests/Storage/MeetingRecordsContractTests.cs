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
