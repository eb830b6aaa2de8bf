namespace BranchBot.Core.Common;

/// <summary>
/// Port for reading an uploaded spreadsheet (.xlsx) as the same records a CSV gives: the first sheet's rows, each with
/// the row number Excel shows, cells as text in their columns. Imports try it before CSV, by the file's content.
/// </summary>
public interface ISpreadsheetReader
{
    /// <summary>Whether the bytes are a spreadsheet this reader takes (a ZIP, whatever the name); such a file is never read as CSV.</summary>
    bool Recognises(ReadOnlySpan<byte> file);

    /// <summary>The rows, or the one error that stops the file from being read (not a workbook, too large, damaged).</summary>
    SheetRows Read(byte[] file);
}

/// <summary>A sheet's non-empty rows (header first), or why it could not be read.</summary>
public sealed record SheetRows(IReadOnlyList<CsvRecord>? Records, ImportError? Error);

/// <summary>Reads an upload as a spreadsheet when it is one, else as CSV.</summary>
public static class ImportTable
{
    public static IReadOnlyList<CsvRecord>? Read(byte[] file, ISpreadsheetReader? sheets, out ImportError? error)
    {
        if (sheets is null || !sheets.Recognises(file))
        {
            return ImportFile.ReadCsv(file, out error);
        }

        var read = sheets.Read(file);
        error = read.Records is { Count: 0 } ? new ImportError(0, "文件是空的") : read.Error;
        return error is null ? read.Records : null;
    }
}
