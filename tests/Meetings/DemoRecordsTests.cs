using BranchBot.Adapters.Documents.Docx;
using BranchBot.Bot.Hosting;
using BranchBot.Bot.Meetings;
using BranchBot.Core.Meetings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.Meetings;

/// <summary>The local trial's demo shows a signed-off record with 议题, minutes, 决议 and two 示例 photos.</summary>
public sealed class DemoRecordsTests
{
    [Fact]
    public async Task LocalTrial_SeedsASignedOffRecordWithAgendaAndPhotos_ThatRendersAsDocx()
    {
        var folder = Path.Combine(Path.GetTempPath(), "branchbot-demo-photos-" + Guid.NewGuid().ToString("N"));
        var app = BotApp.Build(["--urls=http://127.0.0.1:0", "--Photos:Folder=" + folder], b => b.Logging.ClearProviders());
        await app.StartAsync();
        try
        {
            var records = app.Services.GetRequiredService<IMeetingRecords>();
            var record = await records.GetRecordAsync(DemoRecords.MeetingId, default);
            Assert.NotNull(record);
            Assert.True(record.Locked);
            Assert.Equal(3, record.Agenda.Count);
            Assert.Equal(2, record.Resolutions.Count);
            Assert.All(record.Agenda.Concat(record.Resolutions).Append(record.Minutes), text => Assert.StartsWith("示例", text));
            var photos = await records.ListPhotosAsync(DemoRecords.MeetingId, default);
            Assert.Equal(2, photos.Count);

            // Placeholder pictures are archived, so the trial shows images rather than 未能保存.
            var states = await app.Services.GetRequiredService<IPhotoArchiveQueue>().GetPhotoStatesAsync(DemoRecords.MeetingId, default);
            foreach (var photo in photos)
            {
                Assert.Equal((PhotoArchiveStatus.Archived, PhotoFormat.Png), (states[photo.PhotoId].Status, states[photo.PhotoId].ContentType));
                var stored = await app.Services.GetRequiredService<IPhotoArchive>().OpenAsync(DemoRecords.MeetingId, photo.PhotoId, default);
                Assert.Equal(PhotoFormat.Png, stored!.ContentType);
                Assert.Equal(states[photo.PhotoId].Size, stored.Bytes.Length);
            }

            var meeting = (await app.Services.GetRequiredService<IMeetingStore>().GetMeetingAsync(DemoRecords.MeetingId, default))!;
            var sheet = await app.Services.GetRequiredService<MeetingRecordSheets>().BuildAsync(meeting, default);
            var (header, paragraphs) = OfficeFiles.ReadDocx(MeetingRecordDocument.Render(sheet));
            Assert.Equal("示例：主题党日学习会", header["会议名称"]);
            Assert.Contains("共 2 张", paragraphs);
            using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(MeetingRecordDocument.Render(sheet)), false);
            Assert.Equal(2, document.MainDocumentPart!.ImageParts.Count());
            Assert.Contains(paragraphs, p => p.StartsWith("签字确认：已签字确认", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
