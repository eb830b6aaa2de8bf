namespace BranchBot.Core.Common;

/// <summary>The steps every CSV import shares: decode the bytes, split the records, find the columns by header.</summary>
internal static class ImportFile
{
    /// <summary>The records of a CSV upload, or the single error that stops it from being read at all.</summary>
    public static IReadOnlyList<CsvRecord>? ReadCsv(byte[] file, out ImportError? error)
    {
        var decoded = TextDecoding.Decode(file);
        if (decoded.Text is null)
        {
            error = new ImportError(0, decoded.Error ?? TextDecoding.Unrecognised);
            return null;
        }

        try
        {
            var records = CsvText.Parse(decoded.Text);
            error = records.Count == 0 ? new ImportError(0, "文件是空的") : null;
            return error is null ? records : null;
        }
        catch (CsvFormatException e)
        {
            error = new ImportError(e.Line, "引号没有闭合，请检查这一行的双引号");
            return null;
        }
    }

    /// <summary>Maps each header name to its column; a name that appears twice is an error, since either column could be meant.</summary>
    public static Dictionary<string, int> MapHeader(CsvRecord header, Func<string, string?> canonical, List<ImportError> errors)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = canonical(header.Fields[i].Trim());
            if (name is not null && !columns.TryAdd(name, i))
            {
                errors.Add(new ImportError(header.Line, $"表头“{name}”出现了两次"));
            }
        }

        return columns;
    }

    /// <summary>A field of the record, trimmed even where it was quoted; a short row reads as empty fields.</summary>
    public static string Field(CsvRecord record, int? column) =>
        column is int i && i < record.Fields.Count ? record.Fields[i].Trim() : "";
}
