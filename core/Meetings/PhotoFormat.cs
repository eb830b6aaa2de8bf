namespace BranchBot.Core.Meetings;

/// <summary>The image formats a meeting photo may be kept in, told by their leading bytes (a header can lie).</summary>
public static class PhotoFormat
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Gif = "image/gif";
    public const string WebP = "image/webp";

    /// <summary>The content type the bytes show, or null when they are none of the accepted formats.</summary>
    public static string? Detect(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => Jpeg,
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => Png,
        [0x47, 0x49, 0x46, 0x38, 0x37 or 0x39, 0x61, ..] => Gif,
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => WebP,
        _ => null,
    };

    /// <summary>The file extension for an accepted content type.</summary>
    public static string? Extension(string contentType) => contentType switch
    {
        Jpeg => ".jpg",
        Png => ".png",
        Gif => ".gif",
        WebP => ".webp",
        _ => null,
    };
}
