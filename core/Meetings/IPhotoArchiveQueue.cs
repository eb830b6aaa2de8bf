namespace BranchBot.Core.Meetings;

/// <summary>
/// Port for the photos waiting to be archived and the archive state of each. Claims are leased, so with several
/// instances each photo is fetched by one of them, and a crashed instance's claims come due again.
/// </summary>
public interface IPhotoArchiveQueue
{
    /// <summary>Queues the photo unless it is queued already (a repeat keeps the earlier due time).</summary>
    Task EnqueuePhotoAsync(PhotoKey photo, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>Takes up to <paramref name="max"/> photos due at <paramref name="now"/> for the lease time.</summary>
    Task<IReadOnlyList<PhotoKey>> ClaimPhotosAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Puts a claimed photo back for a later try.</summary>
    Task RetryPhotoLaterAsync(PhotoKey photo, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>Done with the photo: it leaves the queue.</summary>
    Task CompletePhotoAsync(PhotoKey photo, CancellationToken cancellationToken);

    Task SetPhotoStateAsync(PhotoKey photo, PhotoArchiveState state, CancellationToken cancellationToken);

    /// <summary>The archive state of each of the meeting's photos that has one, by photo id.</summary>
    Task<IReadOnlyDictionary<string, PhotoArchiveState>> GetPhotoStatesAsync(string meetingId, CancellationToken cancellationToken);
}

/// <summary>One photo of one meeting.</summary>
public sealed record PhotoKey(string MeetingId, string PhotoId);

public enum PhotoArchiveStatus
{
    /// <summary>Not yet fetched (保存中); <see cref="PhotoArchiveState.Attempts"/> says how often it was tried.</summary>
    Pending,
    Archived,
    /// <summary>Could not be kept (未能保存): WeChat no longer has it, or it was no accepted image.</summary>
    Failed,
}

/// <summary>Where a photo's archiving stands; <paramref name="ContentType"/> and <paramref name="Size"/> once archived.</summary>
public sealed record PhotoArchiveState(PhotoArchiveStatus Status, int Attempts, string? ContentType = null, long Size = 0, string? Reason = null)
{
    public static readonly PhotoArchiveState NotStarted = new(PhotoArchiveStatus.Pending, 0);

    /// <summary>The words the console and the Word record show for a photo not archived.</summary>
    public string Label => Status switch
    {
        PhotoArchiveStatus.Archived => "已保存",
        PhotoArchiveStatus.Failed => "未能保存",
        _ => "保存中",
    };
}
