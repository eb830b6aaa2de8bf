using System.Text;

namespace BranchBot.Core.Common;

/// <summary>Writes CSV that Excel opens correctly in China: UTF-8 with a BOM, CRLF, RFC 4180 quoting.</summary>
public static class CsvWriter
{
    public static byte[] ToBytes(IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Quotes when needed; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.</summary>
    private static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
