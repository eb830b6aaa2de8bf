using BranchBot.Core.Common;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BranchBot.Adapters.Documents.Xlsx;

/// <summary>
/// Writes a <see cref="ReportTable"/> as a one-sheet .xlsx: the header row bold and frozen, columns sized to their
/// text, numbers as numbers, text as inline strings (no shared-string table to keep in step), notes below the rows.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Style index 1 in the stylesheet below: the bold header font.</summary>
    private const uint BoldStyle = 1;

    public static byte[] Write(ReportTable table)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            AddStyles(workbook);

            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var rowIndex = 1u;
            data.Append(Row(rowIndex++, table.Header.Select(h => (ReportCell)h), BoldStyle));
            foreach (var row in table.Rows)
            {
                data.Append(Row(rowIndex++, row, 0));
            }

            if (table.Notes is { Count: > 0 } notes)
            {
                rowIndex++;
                foreach (var note in notes)
                {
                    data.Append(Row(rowIndex++, [note], 0));
                }
            }

            sheetPart.Worksheet = new Worksheet(FrozenHeader(), Columns(table), data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = SheetName(table.Name) }));
        }

        return stream.ToArray();
    }

    private static Row Row(uint index, IEnumerable<ReportCell> cells, uint style)
    {
        var row = new Row { RowIndex = index };
        var column = 0;
        foreach (var cell in cells)
        {
            var reference = ColumnName(column++) + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            row.Append(cell.Number is { } number
                ? new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number), StyleIndex = style }
                : new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Clean(cell.Text ?? string.Empty)) { Space = SpaceProcessingModeValues.Preserve }), StyleIndex = style });
        }

        return row;
    }

    private static SheetViews FrozenHeader() => new(new SheetView(
        new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
        new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
    { WorkbookViewId = 0 });

    /// <summary>Widths from the longest text in each column (header and rows; notes run across and are left out); a CJK character counts double.</summary>
    private static Columns Columns(ReportTable table)
    {
        var columns = new Columns();
        for (var i = 0; i < table.Header.Count; i++)
        {
            var widest = table.Rows.Select(r => i < r.Count ? Width(r[i].ToString()) : 0).Append(Width(table.Header[i])).Max();
            columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Clamp(widest + 2, 6, 60), CustomWidth = true });
        }

        return columns;
    }

    private static int Width(string text) => text.Sum(c => c > 0x2E80 ? 2 : 1);

    private static void AddStyles(WorkbookPart workbook)
    {
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 });
    }

    /// <summary>A1-style column letters: 0 → A, 25 → Z, 26 → AA.</summary>
    internal static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>Sheet names: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).ToArray());
        return clean.Length == 0 ? "Sheet1" : clean.Length > 31 ? clean[..31] : clean;
    }

    /// <summary>XML 1.0 cannot carry most control characters; a cell keeps tabs and line breaks only.</summary>
    private static string Clean(string text) =>
        text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')) ? new string(text.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray()) : text;
}
