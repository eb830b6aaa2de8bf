namespace BranchBot.Adapters.Files;

/// <summary>
/// Meeting and photo ids as folder and file names: letters (any script), digits, '-' and '_' only, so no id can name a
/// parent folder, a separator, a drive or a hidden file.
/// </summary>
internal static class PhotoPath
{
    public const int MaxLength = 128;

    public static bool IsSafe(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsLetterOrDigit(c) || c is '-' or '_');
}
