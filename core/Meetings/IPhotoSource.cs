namespace BranchBot.Core.Meetings;

/// <summary>Port for fetching a photo's bytes from where the channel keeps it (WeChat's temporary media).</summary>
public interface IPhotoSource
{
    Task<PhotoFetch> FetchAsync(MeetingPhoto photo, CancellationToken cancellationToken);
}

/// <summary>What fetching a photo gave: the image, gone for good, or a failure worth another try.</summary>
public abstract record PhotoFetch
{
    private PhotoFetch()
    {
    }

    public sealed record Image(byte[] Bytes, string ContentType) : PhotoFetch;

    /// <summary>The media expired or never existed: no retry can bring it back.</summary>
    public sealed record Gone(string Reason) : PhotoFetch;

    /// <summary>Network, busy or quota: try again later.</summary>
    public sealed record Failed(string Reason) : PhotoFetch;
}
