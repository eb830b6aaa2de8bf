using BranchBot.Adapters.Files;
using BranchBot.Core.Meetings;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BranchBot.Tests.Photos;

/// <summary>The file archive keeps only real images under its own folder, whatever ids and headers it is handed.</summary>
public sealed class FilePhotoArchiveTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "branchbot-archive-" + Guid.NewGuid().ToString("N"));

    private FilePhotoArchive Archive(int maxBytes = 10 * 1024 * 1024) =>
        new(Options.Create(new FilePhotoArchiveOptions { Folder = Path.Combine(_root, "photos"), MaxBytes = maxBytes }), new ContentRoot(_root));

    public static TheoryData<string, byte[]> Images => new()
    {
        { PhotoFormat.Jpeg, TestImages.Jpeg },
        { PhotoFormat.Png, TestImages.Png },
        { PhotoFormat.Gif, TestImages.Gif },
        { PhotoFormat.WebP, TestImages.WebP },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Save_AnAcceptedImage_StoresItUnderTheMeeting_WithTheTypeItsBytesShow(string contentType, byte[] bytes)
    {
        var archive = Archive();
        var saved = await archive.SaveAsync("mt1", "6054768590064713729", bytes, default);

        Assert.True(saved.Saved, saved.Refused);
        Assert.Equal((contentType, (long)bytes.Length), (saved.ContentType, saved.Size));
        var stored = await archive.OpenAsync("mt1", "6054768590064713729", default);
        Assert.Equal(bytes, stored!.Bytes);
        Assert.Equal(contentType, stored.ContentType);
        Assert.Equal(["6054768590064713729" + PhotoFormat.Extension(contentType)], Directory.GetFiles(Path.Combine(_root, "photos", "mt1")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Save_BytesThatAreNoImage_AreRefused_AndNothingIsWritten()
    {
        var archive = Archive();
        var html = "<html><script>alert(1)</script></html>"u8.ToArray();

        var saved = await archive.SaveAsync("mt1", "p1", html, default);

        Assert.False(saved.Saved);
        Assert.Null(await archive.OpenAsync("mt1", "p1", default));
        Assert.False(Directory.Exists(Path.Combine(_root, "photos", "mt1")));
    }

    [Fact]
    public async Task Save_OverTheSizeCap_IsRefused()
    {
        var big = TestImages.Png.Concat(new byte[4096]).ToArray();

        Assert.False((await Archive(maxBytes: 2048).SaveAsync("mt1", "p1", big, default)).Saved);
    }

    [Theory]
    [InlineData("..", "p1")]
    [InlineData("../outside", "p1")]
    [InlineData("mt1", "../../outside")]
    [InlineData("mt1", "..\\outside")]
    [InlineData("mt1/sub", "p1")]
    [InlineData("/etc", "passwd")]
    [InlineData("C:", "p1")]
    [InlineData("mt1", ".hidden")]
    [InlineData("mt1", "")]
    [InlineData("mt1", "a\0b")]
    public async Task Ids_ThatCouldLeaveTheArchive_AreRefused_ForSaveOpenAndDelete(string meetingId, string photoId)
    {
        var archive = Archive();

        Assert.False((await archive.SaveAsync(meetingId, photoId, TestImages.Png, default)).Saved);
        Assert.Null(await archive.OpenAsync(meetingId, photoId, default));
        await archive.DeleteMeetingAsync(meetingId, default);
        Assert.False(Directory.Exists(_root) && Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task ChineseIds_AreKept_AndDeletingAMeetingRemovesOnlyItsPhotos()
    {
        var archive = Archive();
        Assert.True((await archive.SaveAsync("mtdemopast", "示例照片1", TestImages.Png, default)).Saved);
        Assert.True((await archive.SaveAsync("mt2", "p1", TestImages.Jpeg, default)).Saved);

        await archive.DeleteMeetingAsync("mtdemopast", default);

        Assert.Null(await archive.OpenAsync("mtdemopast", "示例照片1", default));
        Assert.NotNull(await archive.OpenAsync("mt2", "p1", default));
    }

    [Fact]
    public async Task Save_Again_ReplacesThePhoto_LeavingNoTemporaryFile()
    {
        var archive = Archive();
        await archive.SaveAsync("mt1", "p1", TestImages.Png, default);
        await archive.SaveAsync("mt1", "p1", TestImages.Jpeg, default);

        Assert.Equal(PhotoFormat.Jpeg, (await archive.OpenAsync("mt1", "p1", default))!.ContentType);
        Assert.Equal(["p1.jpg"], Directory.GetFiles(Path.Combine(_root, "photos", "mt1")).Select(Path.GetFileName));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private sealed class ContentRoot(string path) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "BranchBot.Tests";

        public string ContentRootPath { get; set; } = path;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
