namespace BranchBot.Core.Meetings;

/// <summary>
/// Port for a meeting's record (会议记录): the photos members send during the meeting (attaching is idempotent by the
/// photo's id, so a push WeChat delivers again attaches once), and the record's fields as one versioned document.
/// </summary>
public interface IMeetingRecords
{
    /// <summary>At most this many photos per meeting; more are refused, not stored.</summary>
    public const int MaxPhotos = 200;

    Task<PhotoAttachment> AttachPhotoAsync(MeetingPhoto photo, CancellationToken cancellationToken);

    /// <summary>The meeting's photos, oldest first.</summary>
    Task<IReadOnlyList<MeetingPhoto>> ListPhotosAsync(string meetingId, CancellationToken cancellationToken);

    /// <summary>The stored record, or null before its first save.</summary>
    Task<MeetingRecord?> GetRecordAsync(string meetingId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="record"/> as version <paramref name="expectedVersion"/> + 1 only if the stored version is
    /// <paramref name="expectedVersion"/> (0: none stored yet); otherwise saves nothing and returns the current record.
    /// </summary>
    Task<RecordSave> SaveRecordAsync(MeetingRecord record, long expectedVersion, CancellationToken cancellationToken);
}

/// <summary>
/// One photo of a meeting: <paramref name="PhotoId"/> identifies the push (WeChat's MsgId), <paramref name="MediaId"/>
/// and <paramref name="PicUrl"/> are where WeChat keeps it, <paramref name="MemberId"/> who sent it.
/// </summary>
public sealed record MeetingPhoto(string MeetingId, string PhotoId, string MemberId, string MediaId, string PicUrl, DateTimeOffset SentAt);

/// <summary>Whether the photo was added now (false for a repeat or a full record), and how many the meeting holds.</summary>
public sealed record PhotoAttachment(bool Added, int Count, bool Full = false);
