using System.Globalization;
using BranchBot.Core.Bulletins;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace BranchBot.Adapters.Documents.Docx;

/// <summary>
/// The monthly bulletin as a Word document: a title, the organisation's totals, a table with one row per branch
/// (三会一课 held/due, attendance, 补学 owed, study participation, stars, what was not kept) and the issuing line.
/// </summary>
public static class BulletinDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly string[] Headers = ["党支部", "领域", "三会一课（已开/应开）", "出勤率", "补学待完成（人次）", "参学率", "星级", "未落实事项"];

    public static byte[] Write(Bulletin bulletin, string? issuedBy = null)
    {
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph($"{bulletin.PeriodLabel}组织生活通报", bold: true, size: 36, centre: true));
            var t = bulletin.Totals;
            body.Append(Paragraph(
                $"本月共 {N(t.Branches)} 个党支部，三会一课已召开 {N(t.MeetingsHeld)} 次，应召开 {N(t.MeetingsDue)} 次；出勤率 {P(t.AttendanceRate)}（实到 {N(t.Present)}，应到 {N(t.Expected)}，请假 {N(t.Leave)}）；补学待完成 {N(t.MakeUpOwed)} 人次；参学率 {P(t.StudyRate)}；平均 {t.AverageStars.ToString("0.0", CultureInfo.InvariantCulture)} 星。"));
            body.Append(BranchTable(bulletin));
            body.Append(Paragraph("出勤率＝实到÷（应到−请假）；参学率＝本月有学习积分的党员÷党员总数；星级为本月评定结果。"));
            body.Append(Paragraph((issuedBy ?? "党委") + "  " + bulletin.CreatedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日", CultureInfo.InvariantCulture), centre: false, right: true));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return buffer.ToArray();
    }

    private static Table BranchTable(Bulletin bulletin)
    {
        var table = new Table(new TableProperties(
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        table.Append(Row(Headers, bold: true));
        foreach (var r in bulletin.Rows)
        {
            table.Append(Row([
                r.BranchName, r.Field, $"{N(r.MeetingsHeld)}/{N(r.MeetingsDue)}", P(r.AttendanceRate), N(r.MakeUpOwed), P(r.StudyRate), N(r.Stars) + " 星",
                r.MissedRules.Count == 0 ? "无" : string.Join("、", r.MissedRules),
            ], bold: false));
        }

        return table;
    }

    private static TableRow Row(IEnumerable<string> cells, bool bold) =>
        new(cells.Select(c => new TableCell(Paragraph(c, bold: bold, size: 21))));

    private static Paragraph Paragraph(string text, bool bold = false, int size = 24, bool centre = false, bool right = false)
    {
        // Schema order: fonts, bold, size.
        var runProperties = new RunProperties(new RunFonts { EastAsia = "宋体", Ascii = "宋体", HighAnsi = "宋体" });
        if (bold)
        {
            runProperties.Append(new Bold());
        }

        runProperties.Append(new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });

        var paragraph = new Paragraph();
        if (centre || right)
        {
            paragraph.Append(new ParagraphProperties(new Justification { Val = centre ? JustificationValues.Center : JustificationValues.Right }));
        }

        paragraph.Append(new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string P(double rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
