using BranchBot.Adapters.Documents.Docx;
using BranchBot.Core.Meetings;
using BranchBot.Tests.Meetings;
using DocumentFormat.OpenXml.Packaging;

namespace BranchBot.Tests.Photos;

/// <summary>The Word record carries the archived photos themselves, each over its caption; the rest are listed with their state.</summary>
public sealed class RecordDocumentPhotoTests
{
    private static MeetingRecordSheet Sheet(params SheetPhoto[] photos) => new(
        "第四季度党员大会", "支部党员大会", "12月1日(周二) 14:00 至 15:30", "三楼会议室", "王书记", "赵一",
        new AttendanceCounts(3, 2, 1, 0, 0, 0), null, ["议题一"], ["王书记", "赵一"], ["钱二"], [], [], "会议记录", ["决议一"], photos, "未签字确认", false);

    [Fact]
    public void Render_EmbedsJpegPngAndGif_WithTheirBytes_AndCaptionsEach()
    {
        var bytes = Render(
            new SheetPhoto("赵一 12月1日(周二) 14:20（北京时间）", new StoredPhoto(TestImages.Jpeg, PhotoFormat.Jpeg), null),
            new SheetPhoto("王书记 12月1日(周二) 14:30（北京时间）", new StoredPhoto(TestImages.Png, PhotoFormat.Png), null),
            new SheetPhoto("钱二 12月1日(周二) 14:40（北京时间）", new StoredPhoto(TestImages.Gif, PhotoFormat.Gif), null));

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var images = document.MainDocumentPart!.ImageParts.Select(p =>
        {
            using var stream = p.GetStream();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (p.ContentType, Bytes: copy.ToArray());
        }).ToList();
        Assert.Equal([PhotoFormat.Jpeg, PhotoFormat.Png, PhotoFormat.Gif], images.Select(i => i.ContentType));
        Assert.Equal(TestImages.Jpeg, images[0].Bytes);
        Assert.Equal(TestImages.Png, images[1].Bytes);
        Assert.Equal(TestImages.Gif, images[2].Bytes);

        // Each picture is as wide as the text (6 inches), its height in proportion.
        var extents = document.MainDocumentPart.Document!.Body!.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.Extent>().ToList();
        Assert.Equal(3, extents.Count);
        Assert.All(extents, e => Assert.Equal(6L * 914400, e.Cx!.Value));
        Assert.Equal(3L * 914400, extents[1].Cy!.Value);

        var (_, paragraphs) = OfficeFiles.ReadDocx(bytes);
        var section = OfficeFiles.Section(paragraphs, "会议照片");
        Assert.Equal(["共 3 张", "", "赵一 12月1日(周二) 14:20（北京时间）", "", "王书记 12月1日(周二) 14:30（北京时间）", "", "钱二 12月1日(周二) 14:40（北京时间）"], section);
    }

    [Fact]
    public void Render_WebPAndPhotosNotArchived_AreListedAsText()
    {
        var bytes = Render(
            new SheetPhoto("赵一 12月1日(周二) 14:20（北京时间）", new StoredPhoto(TestImages.WebP, PhotoFormat.WebP), null),
            new SheetPhoto("王书记 12月1日(周二) 14:30（北京时间）", null, "未能保存"),
            new SheetPhoto("钱二 12月1日(周二) 14:40（北京时间）", null, "保存中"));

        using (var document = WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            Assert.Empty(document.MainDocumentPart!.ImageParts);
        }

        var (_, paragraphs) = OfficeFiles.ReadDocx(bytes);
        Assert.Equal(
            ["共 3 张", "赵一 12月1日(周二) 14:20（北京时间）：照片格式无法嵌入文档，请在工作台查看", "王书记 12月1日(周二) 14:30（北京时间）：未能保存", "钱二 12月1日(周二) 14:40（北京时间）：保存中"],
            OfficeFiles.Section(paragraphs, "会议照片"));
    }

    private static byte[] Render(params SheetPhoto[] photos) => MeetingRecordDocument.Render(Sheet(photos));
}
