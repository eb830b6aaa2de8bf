using System.Globalization;

namespace BranchBot.Core.Common;

/// <summary>
/// One cell of a report: text, or a number a spreadsheet should treat as one. CSV writes numbers in the invariant
/// culture, so the CSV and the .xlsx of one report never differ.
/// </summary>
public readonly record struct ReportCell(string? Text, double? Number)
{
    public static implicit operator ReportCell(string text) => new(text, null);

    public static implicit operator ReportCell(int number) => new(null, number);

    public override string ToString() => Text ?? Number?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>
/// A report as a table: a header row, data rows and lines below them (a quorum line); <see cref="Name"/> names the
/// sheet. The CSV writer and the .xlsx writer both render it, so the two downloads hold the same cells.
/// </summary>
public sealed record ReportTable(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<ReportCell>> Rows, IReadOnlyList<string>? Notes = null)
{
    /// <summary>Every row as text, header first, then the rows, then a blank row and each note.</summary>
    public IEnumerable<IReadOnlyList<string>> TextRows()
    {
        yield return Header;
        foreach (var row in Rows)
        {
            yield return row.Select(c => c.ToString()).ToList();
        }

        if (Notes is { Count: > 0 } notes)
        {
            yield return [];
            foreach (var note in notes)
            {
                yield return [note];
            }
        }
    }

    public byte[] ToCsv() => CsvWriter.ToBytes(TextRows());
}
