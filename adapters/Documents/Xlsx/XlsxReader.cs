using System.Globalization;
using System.IO.Compression;
using System.Xml;
using BranchBot.Core.Common;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BranchBot.Adapters.Documents.Xlsx;

/// <summary>
/// Reads the first sheet of an .xlsx upload as CSV-like records, with OpenXml's SAX reader so memory stays bounded:
/// shared and inline strings, numbers written as people typed them (a phone stored as a number comes back as
/// 13900000001, never 1.39E+10 or "13900000001.0"), booleans, and empty cells keeping their columns. Row numbers are
/// Excel's own. Hostile files are refused with one clear error: a ZIP that is no workbook, parts that inflate beyond
/// <see cref="MaxInflatedBytes"/> (a zip bomb), more than <see cref="MaxRows"/> rows or <see cref="MaxColumns"/>
/// columns, or a damaged file.
/// </summary>
public sealed class XlsxReader : ISpreadsheetReader
{
    public const int MaxRows = 20_000;
    public const int MaxColumns = 64;
    public const long MaxInflatedBytes = 64L * 1024 * 1024;

    /// <summary>OpenXml stops loading any part with more characters than this, whatever the ZIP's headers claim.</summary>
    private const long MaxCharactersInPart = 32L * 1024 * 1024;

    internal const string NotAWorkbook = "这是一个压缩文件，但不是 Excel 工作簿（.xlsx）；请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后再导入";
    internal const string Damaged = "Excel 文件已损坏或无法读取，请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再导入";
    internal const string TooLarge = "Excel 文件解压后过大，请删除多余的工作表、图片或格式后再导入";
    internal static readonly string TooManyRows = $"表格超过 {MaxRows} 行，请分批导入";
    internal static readonly string TooManyColumns = $"表格超过 {MaxColumns} 列，请只保留需要导入的列";

    public bool Recognises(ReadOnlySpan<byte> file) => file.Length >= 4 && file[0] == (byte)'P' && file[1] == (byte)'K' && file[2] == 3 && file[3] == 4;

    public SheetRows Read(byte[] file)
    {
        try
        {
            if (CheckPackage(file) is { } refused)
            {
                return Error(refused);
            }

            using var stream = new MemoryStream(file, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            var workbook = document.WorkbookPart;
            var first = workbook?.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (workbook is null || first?.Id?.Value is not { } relation || workbook.GetPartById(relation) is not WorksheetPart sheet)
            {
                return Error(NotAWorkbook);
            }

            var strings = SharedStrings(workbook.SharedStringTablePart);
            return ReadSheet(sheet, strings);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or FileFormatException or IOException
            or InvalidOperationException or ArgumentException or FormatException or OverflowException or NotSupportedException)
        {
            return Error(e is InvalidDataException && e.Message.Contains("MaxCharactersInPart", StringComparison.Ordinal) ? TooLarge : Damaged);
        }
    }

    /// <summary>Refuses a ZIP that is no workbook or that says it would inflate past the limit, before OpenXml opens it.</summary>
    private static string? CheckPackage(byte[] file)
    {
        using var zip = new ZipArchive(new MemoryStream(file, writable: false), ZipArchiveMode.Read);
        if (zip.GetEntry("[Content_Types].xml") is null || !zip.Entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith("workbook.xml", StringComparison.Ordinal)))
        {
            return NotAWorkbook;
        }

        return zip.Entries.Sum(e => e.Length) > MaxInflatedBytes ? TooLarge : null;
    }

    private static List<string> SharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                strings.Add(TextOf((SharedStringItem)reader.LoadCurrentElement()!));
            }
        }

        return strings;
    }

    /// <summary>The text of a shared or inline string: its own text or its runs' text, not the phonetic guide (rPh) WPS adds.</summary>
    private static string TextOf(OpenXmlElement item) =>
        string.Concat(item.Elements<Text>().Select(t => t.Text).Concat(item.Elements<Run>().SelectMany(r => r.Elements<Text>()).Select(t => t.Text)));

    private static SheetRows ReadSheet(WorksheetPart sheet, List<string> strings)
    {
        var records = new List<CsvRecord>();
        var rowNumber = 0;
        using var reader = OpenXmlReader.Create(sheet);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            rowNumber = row.RowIndex?.Value is { } index ? (int)Math.Min(index, int.MaxValue) : rowNumber + 1;
            var fields = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnOf(reference) : fields.Count;
                if (column >= MaxColumns)
                {
                    if (string.IsNullOrEmpty(ValueOf(cell, strings)))
                    {
                        continue;
                    }

                    return Error(TooManyColumns, rowNumber);
                }

                while (fields.Count < column)
                {
                    fields.Add(string.Empty);
                }

                var value = ValueOf(cell, strings);
                if (column < fields.Count)
                {
                    fields[column] = value;
                }
                else
                {
                    fields.Add(value);
                }
            }

            // A row of empty (formatted) cells carries no data, as a CSV line of bare commas does not.
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (records.Count > MaxRows)
            {
                return Error(TooManyRows, rowNumber);
            }

            records.Add(new CsvRecord(rowNumber, fields));
        }

        return new SheetRows(records, null);
    }

    /// <summary>The zero-based column of a reference such as <c>C12</c>; large values are kept so the caller can refuse them.</summary>
    internal static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            column = Math.Min(column * 26 + (char.ToUpperInvariant(c) - 'A' + 1), 1_000_000);
        }

        return Math.Max(column - 1, 0);
    }

    private static string ValueOf(Cell cell, List<string> strings)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? TextOf(inline).Trim() : string.Empty;
        }

        if (raw is null)
        {
            return string.Empty;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? strings[i].Trim() : string.Empty;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        if (type == CellValues.Error)
        {
            return string.Empty;
        }

        if (type == CellValues.String || type == CellValues.Date)
        {
            return raw.Trim();
        }

        return Number(raw);
    }

    /// <summary>A number as typed: integral values without a decimal point or exponent, others in up to 15 significant digits.</summary>
    internal static string Number(string raw)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return raw.Trim();
        }

        if (Math.Abs(value) < 1e15 && value == Math.Floor(value))
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("G15", CultureInfo.InvariantCulture);
    }

    private static SheetRows Error(string message, int row = 0) => new(null, new ImportError(row, message));
}
