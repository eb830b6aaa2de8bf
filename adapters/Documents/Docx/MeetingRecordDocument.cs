using System.Globalization;
using BranchBot.Core.Meetings;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace BranchBot.Adapters.Documents.Docx;

/// <summary>
/// A meeting record as the paper 会议记录: a header table (名称, 类型, 时间, 地点, 主持人, 记录人, 应到/实到/请假/缺席 and,
/// for a 支部党员大会, the 有表决权 quorum line), then 议题, 出席/请假/缺席 names, the minutes, 决议, the archived photos, the
/// sign-off state and signature lines. Every word comes from <see cref="MeetingRecordSheet"/>.
/// </summary>
public static class MeetingRecordDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>The header table's first-column labels, in order (tests read the table back by them).</summary>
    public static readonly string[] HeaderLabels = ["会议名称", "会议类型", "时间", "地点", "主持人", "记录人", "出席情况"];

    public static byte[] Render(MeetingRecordSheet sheet)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph("会议记录", bold: true, size: 36, centered: true));

            var c = sheet.Counts;
            var rows = new List<(string, string)>
            {
                ("会议名称", sheet.Title),
                ("会议类型", sheet.Kinds),
                ("时间", sheet.Time),
                ("地点", sheet.Place),
                ("主持人", sheet.Host),
                ("记录人", sheet.Recorder),
                ("出席情况", string.Create(CultureInfo.InvariantCulture, $"应到 {c.Expected} 人，实到 {c.Present} 人，请假 {c.Leave} 人，缺席 {c.Absent} 人") + (c.Pending + c.Undecided > 0 ? string.Create(CultureInfo.InvariantCulture, $"，待处理 {c.Pending + c.Undecided} 人") : string.Empty)),
            };
            if (sheet.QuorumLine is { } quorum)
            {
                rows.Add(("表决权", quorum));
            }

            body.Append(HeaderTable(rows));

            Section(body, "议题", Numbered(sheet.Agenda, "（未填写议题）"));
            Section(body, "出席人员", [Names(sheet.Present)]);
            Section(body, "请假人员", [Names(sheet.Leave)]);
            Section(body, "缺席人员", [Names(sheet.Absent)]);
            if (sheet.Undecided.Count > 0)
            {
                Section(body, "待处理（未签到或请假待批）", [Names(sheet.Undecided)]);
            }

            Section(body, "会议内容", sheet.Minutes.Length == 0 ? ["（未填写会议记录）"] : sheet.Minutes.Split('\n'));
            Section(body, "决议", Numbered(sheet.Resolutions, "（无）"));
            Section(body, "会议照片", [string.Create(CultureInfo.InvariantCulture, $"共 {sheet.Photos.Count} 张")]);
            Photos(main, body, sheet.Photos);

            body.Append(Paragraph("签字确认：" + sheet.SignOff, bold: sheet.SignedOff));
            body.Append(Paragraph(string.Empty));
            body.Append(Paragraph("主持人签字：____________　　记录人签字：____________　　日期：____年__月__日"));

            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    /// <summary>Each archived JPEG, PNG or GIF at the text width over its caption; anything else as a line saying why not.</summary>
    private static void Photos(MainDocumentPart main, Body body, IReadOnlyList<SheetPhoto> photos)
    {
        uint number = 0;
        foreach (var photo in photos)
        {
            number++;
            if (photo.Image is not { } image)
            {
                body.Append(Paragraph($"{photo.Caption}：{photo.State}"));
                continue;
            }

            if (PartType(image.ContentType) is not { } partType || ImageSize.Of(image.Bytes, image.ContentType) is not { } size)
            {
                body.Append(Paragraph($"{photo.Caption}：照片格式无法嵌入文档，请在工作台查看"));
                continue;
            }

            var part = main.AddImagePart(partType);
            using (var stream = new MemoryStream(image.Bytes, writable: false))
            {
                part.FeedData(stream);
            }

            body.Append(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                new Run(Picture(main.GetIdOfPart(part), number, size))));
            body.Append(Paragraph(photo.Caption, centered: true));
        }
    }

    private static PartTypeInfo? PartType(string contentType) => contentType switch
    {
        PhotoFormat.Jpeg => ImagePartType.Jpeg,
        PhotoFormat.Png => ImagePartType.Png,
        PhotoFormat.Gif => ImagePartType.Gif,
        _ => null,
    };

    /// <summary>An inline picture scaled to the text width of a default page, and down again if taller than the page.</summary>
    private static Drawing Picture(string relationshipId, uint number, (int Width, int Height) pixels)
    {
        const long textWidth = 6L * 914400;
        const long textHeight = 8L * 914400;
        var cx = textWidth;
        var cy = (long)(cx * (double)pixels.Height / pixels.Width);
        if (cy > textHeight)
        {
            cx = (long)(cx * (double)textHeight / cy);
            cy = textHeight;
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"照片{number}");
        return new Drawing(
            new DW.Inline(
                new DW.Extent { Cx = cx, Cy = cy },
                new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
                new DW.DocProperties { Id = number, Name = name },
                new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
                new A.Graphic(new A.GraphicData(
                    new PIC.Picture(
                        new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = name }, new PIC.NonVisualPictureDrawingProperties()),
                        new PIC.BlipFill(new A.Blip { Embed = relationshipId }, new A.Stretch(new A.FillRectangle())),
                        new PIC.ShapeProperties(
                            new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                            new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
                { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
            {
                DistanceFromTop = 0U,
                DistanceFromBottom = 0U,
                DistanceFromLeft = 0U,
                DistanceFromRight = 0U,
            });
    }

    private static IReadOnlyList<string> Numbered(IReadOnlyList<string> items, string none) =>
        items.Count == 0 ? [none] : items.Select((text, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {text}")).ToList();

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "无" : string.Join("、", names);

    private static void Section(Body body, string heading, IEnumerable<string> lines)
    {
        body.Append(Paragraph(heading, bold: true, size: 28));
        foreach (var line in lines)
        {
            body.Append(Paragraph(line));
        }
    }

    private static Table HeaderTable(IEnumerable<(string Label, string Value)> rows)
    {
        var border = () => new BorderType[] { new TopBorder(), new BottomBorder(), new LeftBorder(), new RightBorder(), new InsideHorizontalBorder(), new InsideVerticalBorder() };
        var borders = new TableBorders(border().Select(b =>
        {
            b.Val = BorderValues.Single;
            b.Size = 4;
            return (OpenXmlElement)b;
        }));
        var table = new Table(new TableProperties(borders, new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        foreach (var (label, value) in rows)
        {
            table.Append(new TableRow(
                new TableCell(new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = "1800" }), Paragraph(label, bold: true)),
                new TableCell(Paragraph(value))));
        }

        return table;
    }

    private static Paragraph Paragraph(string text, bool bold = false, int? size = null, bool centered = false)
    {
        var runProperties = new RunProperties(new RunFonts { EastAsia = "宋体", Ascii = "Times New Roman", HighAnsi = "Times New Roman" });
        if (bold)
        {
            runProperties.Append(new Bold());
        }

        if (size is { } half)
        {
            runProperties.Append(new FontSize { Val = half.ToString(CultureInfo.InvariantCulture) });
        }

        var paragraph = new Paragraph();
        if (centered)
        {
            paragraph.Append(new ParagraphProperties(new Justification { Val = JustificationValues.Center }));
        }

        paragraph.Append(new Run(runProperties, new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    /// <summary>XML 1.0 cannot carry control characters; tabs survive.</summary>
    private static string Clean(string text) =>
        text.Any(c => char.IsControl(c) && c != '\t') ? new string(text.Where(c => !char.IsControl(c) || c == '\t').ToArray()) : text;
}
