namespace BranchBot.Core.Meetings;

/// <summary>
/// Port for the meeting photos kept beyond WeChat's three days: the bytes of each (meeting, photo), written once the
/// photo is fetched and read for the console and the Word record. Every instance must see the same archive.
/// </summary>
public interface IPhotoArchive
{
    /// <summary>Stores the photo (replacing an earlier copy); refuses bytes that are no accepted image or too large.</summary>
    Task<PhotoSave> SaveAsync(string meetingId, string photoId, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>The stored photo, or null when none is stored.</summary>
    Task<StoredPhoto?> OpenAsync(string meetingId, string photoId, CancellationToken cancellationToken);

    /// <summary>Removes every stored photo of the meeting.</summary>
    Task DeleteMeetingAsync(string meetingId, CancellationToken cancellationToken);
}

/// <summary>A stored photo and the content type its bytes show.</summary>
public sealed record StoredPhoto(byte[] Bytes, string ContentType);

/// <summary>Saved with the detected content type and size, or <paramref name="Refused"/> says why not.</summary>
public sealed record PhotoSave(string? ContentType, long Size, string? Refused = null)
{
    public bool Saved => Refused is null;

    public static PhotoSave Refuse(string reason) => new(null, 0, reason);
}
