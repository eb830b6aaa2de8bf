using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace BranchBot.Tests.Meetings;

/// <summary>Reads .docx and .xlsx files back with OpenXml, the library that wrote them, so tests assert their contents.</summary>
internal static class OfficeFiles
{
    /// <summary>A .docx as its header table (label → value) and its body paragraphs outside the table, in order.</summary>
    public static (Dictionary<string, string> Header, List<string> Paragraphs) ReadDocx(byte[] bytes)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = document.MainDocumentPart!.Document!.Body!;
        var header = body.Elements<Word.Table>().Single().Elements<Word.TableRow>()
            .Select(r => r.Elements<Word.TableCell>().Select(c => c.InnerText).ToList())
            .ToDictionary(c => c[0], c => c[1]);
        return (header, body.Elements<Word.Paragraph>().Select(p => p.InnerText).ToList());
    }

    /// <summary>The paragraphs after <paramref name="heading"/> up to the next heading among <paramref name="headings"/>.</summary>
    public static List<string> Section(List<string> paragraphs, string heading, params string[] headings)
    {
        var start = paragraphs.IndexOf(heading);
        Assert.True(start >= 0, $"no heading {heading}");
        return paragraphs.Skip(start + 1).TakeWhile(p => !headings.Contains(p) && !p.StartsWith("签字确认：", StringComparison.Ordinal)).ToList();
    }

    /// <summary>A sheet's cells: text as text, numbers as doubles; plus whether row 1 is bold and frozen.</summary>
    public sealed record Sheet(string Name, List<List<object>> Rows, bool HeaderBold, bool HeaderFrozen);

    public static Sheet ReadXlsx(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook!.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single();
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        var rows = part.Worksheet!.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.Number
            ? (object)double.Parse(c.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)
            : c.InlineString?.InnerText ?? string.Empty).ToList()).ToList();
        var formats = workbook.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<CellFormat>().ToList();
        var fonts = workbook.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ToList();
        var first = part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().First().Elements<Cell>();
        var bold = first.All(c => fonts[(int)formats[(int)(c.StyleIndex?.Value ?? 0)].FontId!.Value].Bold is not null);
        var pane = part.Worksheet.Descendants<Pane>().SingleOrDefault();
        return new Sheet(sheet.Name!.Value!, rows, bold, pane is { State.Value: var s, VerticalSplit.Value: 1 } && s == PaneStateValues.Frozen);
    }
}
