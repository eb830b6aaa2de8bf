using BranchBot.Core.Meetings;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IPhotoArchiveQueue"/> must do; run once per adapter.</summary>
public abstract class PhotoArchiveQueueContractTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 6, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected abstract IPhotoArchiveQueue Queue { get; }

    [Fact]
    public async Task Enqueue_Twice_KeepsOneEntryAtTheFirstDueTime()
    {
        var photo = new PhotoKey("mtQ1", "示例照片1");
        await Queue.EnqueuePhotoAsync(photo, At, default);
        await Queue.EnqueuePhotoAsync(photo, At.AddHours(1), default);

        Assert.Equal([photo], await Queue.ClaimPhotosAsync(At, 10, Lease, default));
    }

    [Fact]
    public async Task Claim_TakesOnlyDuePhotos_AndHoldsThemForTheLease()
    {
        var due = new PhotoKey("mtQ2", "1");
        var later = new PhotoKey("mtQ2", "2");
        await Queue.EnqueuePhotoAsync(due, At, default);
        await Queue.EnqueuePhotoAsync(later, At.AddMinutes(1), default);

        Assert.Equal([due], await Queue.ClaimPhotosAsync(At, 10, Lease, default));
        Assert.Equal([later], await Queue.ClaimPhotosAsync(At.AddMinutes(1), 10, Lease, default));
        Assert.Empty(await Queue.ClaimPhotosAsync(At.AddMinutes(2), 10, Lease, default));

        // A claim not completed (its worker crashed) comes due again when the lease ends.
        Assert.Equal([due], await Queue.ClaimPhotosAsync(At + Lease, 10, Lease, default));
    }

    [Fact]
    public async Task ConcurrentClaims_TakeEachPhotoOnce()
    {
        var photos = Enumerable.Range(0, 30).Select(i => new PhotoKey("mtQ3", "p" + i)).ToList();
        foreach (var photo in photos)
        {
            await Queue.EnqueuePhotoAsync(photo, At, default);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Queue.ClaimPhotosAsync(At, 10, Lease, default)));
        var claimed = claims.SelectMany(c => c).ToList();
        Assert.Equal(photos.Count, claimed.Count);
        Assert.Equal(photos.ToHashSet(), claimed.ToHashSet());
    }

    [Fact]
    public async Task RetryLaterAndComplete_MoveOrRemoveTheQueuedPhotoOnly()
    {
        var photo = new PhotoKey("mtQ4", "1");
        await Queue.EnqueuePhotoAsync(photo, At, default);
        Assert.Single(await Queue.ClaimPhotosAsync(At, 10, Lease, default));
        await Queue.RetryPhotoLaterAsync(photo, At.AddMinutes(1), default);
        Assert.Equal([photo], await Queue.ClaimPhotosAsync(At.AddMinutes(1), 10, Lease, default));

        await Queue.CompletePhotoAsync(photo, default);
        await Queue.RetryPhotoLaterAsync(photo, At.AddMinutes(2), default);
        Assert.Empty(await Queue.ClaimPhotosAsync(At.AddDays(1), 10, Lease, default));
    }

    [Fact]
    public async Task States_RoundTripPerMeeting()
    {
        Assert.Empty(await Queue.GetPhotoStatesAsync("mtQ5", default));
        await Queue.SetPhotoStateAsync(new PhotoKey("mtQ5", "1"), new PhotoArchiveState(PhotoArchiveStatus.Pending, 2, Reason: "-1 HTTP 502"), default);
        await Queue.SetPhotoStateAsync(new PhotoKey("mtQ5", "2"), new PhotoArchiveState(PhotoArchiveStatus.Failed, 1, Reason: "40007 invalid media_id"), default);
        await Queue.SetPhotoStateAsync(new PhotoKey("mtQ5", "1"), new PhotoArchiveState(PhotoArchiveStatus.Archived, 3, PhotoFormat.Png, 1234), default);
        await Queue.SetPhotoStateAsync(new PhotoKey("mtQ6", "1"), PhotoArchiveState.NotStarted, default);

        var states = await Queue.GetPhotoStatesAsync("mtQ5", default);
        Assert.Equal(new PhotoArchiveState(PhotoArchiveStatus.Archived, 3, PhotoFormat.Png, 1234), states["1"]);
        Assert.Equal(new PhotoArchiveState(PhotoArchiveStatus.Failed, 1, Reason: "40007 invalid media_id"), states["2"]);
        Assert.Equal(2, states.Count);
    }
}

public sealed class MemoryPhotoArchiveQueueContractTests : PhotoArchiveQueueContractTests
{
    protected override IPhotoArchiveQueue Queue { get; } = TestStores.Memory(new ManualClock());
}

public sealed class RedisPhotoArchiveQueueContractTests : PhotoArchiveQueueContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IPhotoArchiveQueue Queue => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterPhotoArchiveQueueContractTests : PhotoArchiveQueueContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IPhotoArchiveQueue Queue => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
