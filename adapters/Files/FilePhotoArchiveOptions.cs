using System.ComponentModel.DataAnnotations;

namespace BranchBot.Adapters.Files;

/// <summary>Where the photo archive keeps its files. Section <c>Photos</c> (beside the archiving worker's settings).</summary>
public sealed class FilePhotoArchiveOptions
{
    public const string Section = "Photos";

    /// <summary>The archive's folder; relative paths start at the content root; empty means <c>data/photos</c> there. Instances must share it.</summary>
    public string Folder { get; set; } = string.Empty;

    /// <summary>Larger photos are refused (WeChat's own limit for an image message is 10 MB).</summary>
    [Range(1024, 50 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 10 * 1024 * 1024;
}
