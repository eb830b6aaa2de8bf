using BranchBot.Core.Meetings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.Files;

/// <summary>
/// The photo archive as files: <c>&lt;folder&gt;/&lt;meeting id&gt;/&lt;photo id&gt;.&lt;jpg|png|gif|webp&gt;</c>. A photo is
/// written to a temporary file and renamed into place, so a reader (or another instance) never sees half of one.
/// The format is told by the bytes, not by what the sender claimed.
/// </summary>
internal sealed class FilePhotoArchive : IPhotoArchive
{
    private static readonly string[] Extensions = [".jpg", ".png", ".gif", ".webp"];

    private readonly string _root;
    private readonly int _maxBytes;

    public FilePhotoArchive(IOptions<FilePhotoArchiveOptions> options, IHostEnvironment environment)
    {
        var folder = string.IsNullOrWhiteSpace(options.Value.Folder) ? Path.Combine("data", "photos") : options.Value.Folder;
        _root = Path.GetFullPath(Path.Combine(environment.ContentRootPath, folder));
        _maxBytes = options.Value.MaxBytes;
    }

    public string Root => _root;

    public async Task<PhotoSave> SaveAsync(string meetingId, string photoId, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (FolderOf(meetingId) is not { } folder || !PhotoPath.IsSafe(photoId))
        {
            return PhotoSave.Refuse("照片编号不合规");
        }

        if (bytes.Length > _maxBytes)
        {
            return PhotoSave.Refuse("照片超过大小上限");
        }

        if (PhotoFormat.Detect(bytes.Span) is not { } contentType)
        {
            return PhotoSave.Refuse("不是可保存的图片格式");
        }

        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, photoId + PhotoFormat.Extension(contentType));
        var temporary = Path.Combine(folder, "." + photoId + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        // The same photo saved earlier in another format would otherwise be found first.
        foreach (var other in Extensions.Where(e => e != Path.GetExtension(target)))
        {
            File.Delete(Path.Combine(folder, photoId + other));
        }

        return new PhotoSave(contentType, bytes.Length);
    }

    public async Task<StoredPhoto?> OpenAsync(string meetingId, string photoId, CancellationToken cancellationToken)
    {
        if (FolderOf(meetingId) is not { } folder || !PhotoPath.IsSafe(photoId))
        {
            return null;
        }

        foreach (var extension in Extensions)
        {
            var path = Path.Combine(folder, photoId + extension);
            try
            {
                var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
                return PhotoFormat.Detect(bytes) is { } contentType ? new StoredPhoto(bytes, contentType) : null;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
            }
        }

        return null;
    }

    public Task DeleteMeetingAsync(string meetingId, CancellationToken cancellationToken)
    {
        if (FolderOf(meetingId) is { } folder && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>The meeting's folder, or null for an id that could leave the archive.</summary>
    private string? FolderOf(string meetingId)
    {
        if (!PhotoPath.IsSafe(meetingId))
        {
            return null;
        }

        var folder = Path.GetFullPath(Path.Combine(_root, meetingId));
        return folder.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? folder : null;
    }
}
