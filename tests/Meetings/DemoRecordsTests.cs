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
        var app = BotApp.Build(["--urls=http://127.0.0.1:0"], b => b.Logging.ClearProviders());
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
            Assert.Equal(2, (await records.ListPhotosAsync(DemoRecords.MeetingId, default)).Count);

            var meeting = (await app.Services.GetRequiredService<IMeetingStore>().GetMeetingAsync(DemoRecords.MeetingId, default))!;
            var sheet = await app.Services.GetRequiredService<MeetingRecordSheets>().BuildAsync(meeting, default);
            var (header, paragraphs) = OfficeFiles.ReadDocx(MeetingRecordDocument.Render(sheet));
            Assert.Equal("示例：主题党日学习会", header["会议名称"]);
            Assert.Contains("共 2 张", paragraphs);
            Assert.Contains(paragraphs, p => p.StartsWith("签字确认：已签字确认", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
