namespace BranchBot.Core.Meetings;

/// <summary>
/// Keeps meeting photos beyond WeChat's three days: each attached photo is queued, fetched once by whichever instance
/// claims it, saved to the archive, and its state recorded (archived, 未能保存, or pending with its attempts). A
/// transient failure is retried with a doubling wait until <see cref="PhotosOptions.GiveUpAfter"/>; a photo WeChat no
/// longer has fails at once.
/// </summary>
public sealed class PhotoArchiver(IPhotoArchiveQueue queue, IMeetingRecords records, IPhotoSource source, IPhotoArchive archive, PhotosOptions options, TimeProvider time)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    public Task EnqueueAsync(MeetingPhoto photo, CancellationToken cancellationToken) =>
        queue.EnqueuePhotoAsync(new PhotoKey(photo.MeetingId, photo.PhotoId), time.GetUtcNow(), cancellationToken);

    /// <summary>Archives the photos due now; returns how many it claimed.</summary>
    public async Task<int> ArchiveDueAsync(CancellationToken cancellationToken)
    {
        var claimed = await queue.ClaimPhotosAsync(time.GetUtcNow(), options.BatchSize, options.ClaimLease, cancellationToken);
        foreach (var key in claimed)
        {
            await ArchiveAsync(key, cancellationToken);
        }

        return claimed.Count;
    }

    private async Task ArchiveAsync(PhotoKey key, CancellationToken cancellationToken)
    {
        var state = (await queue.GetPhotoStatesAsync(key.MeetingId, cancellationToken)).GetValueOrDefault(key.PhotoId) ?? PhotoArchiveState.NotStarted;
        var photo = (await records.ListPhotosAsync(key.MeetingId, cancellationToken)).FirstOrDefault(p => p.PhotoId == key.PhotoId);

        // A repeat enqueue (a push redelivered after a crash) finds the work done.
        if (state.Status != PhotoArchiveStatus.Pending || photo is null)
        {
            await queue.CompletePhotoAsync(key, cancellationToken);
            return;
        }

        var attempts = state.Attempts + 1;
        var next = await source.FetchAsync(photo, cancellationToken) switch
        {
            PhotoFetch.Image image => await SaveAsync(key, image, attempts, cancellationToken),
            PhotoFetch.Gone gone => new PhotoArchiveState(PhotoArchiveStatus.Failed, attempts, Reason: gone.Reason),
            PhotoFetch.Failed failed when time.GetUtcNow() - photo.SentAt >= options.GiveUpAfter =>
                new PhotoArchiveState(PhotoArchiveStatus.Failed, attempts, Reason: failed.Reason),
            PhotoFetch.Failed failed => new PhotoArchiveState(PhotoArchiveStatus.Pending, attempts, Reason: failed.Reason),
            _ => throw new InvalidOperationException("unknown photo fetch result"),
        };

        await queue.SetPhotoStateAsync(key, next, cancellationToken);
        if (next.Status == PhotoArchiveStatus.Pending)
        {
            await queue.RetryPhotoLaterAsync(key, time.GetUtcNow() + Backoff(attempts), cancellationToken);
        }
        else
        {
            await queue.CompletePhotoAsync(key, cancellationToken);
        }
    }

    private async Task<PhotoArchiveState> SaveAsync(PhotoKey key, PhotoFetch.Image image, int attempts, CancellationToken cancellationToken)
    {
        var saved = await archive.SaveAsync(key.MeetingId, key.PhotoId, image.Bytes, cancellationToken);
        return saved.Saved
            ? new PhotoArchiveState(PhotoArchiveStatus.Archived, attempts, saved.ContentType, saved.Size)
            : new PhotoArchiveState(PhotoArchiveStatus.Failed, attempts, Reason: saved.Refused);
    }

    private TimeSpan Backoff(int attempts)
    {
        var wait = options.RetryBackoff * Math.Pow(2, Math.Min(attempts - 1, 16));
        return wait > MaxBackoff ? MaxBackoff : wait;
    }
}
