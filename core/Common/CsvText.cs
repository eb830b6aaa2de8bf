using System.Text;

namespace BranchBot.Core.Common;

/// <summary>One CSV record: the physical line it starts on (1-based) and its fields, trimmed outside quotes.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// An RFC 4180 reader for the small files secretaries upload. Hand-written rather than CsvHelper so that every
/// record keeps the physical line it starts on, which is what import errors quote back to the user.
/// </summary>
public static class CsvText
{
    /// <exception cref="FormatException">A quoted field is never closed; <see cref="CsvFormatException.Line"/> says where it opened.</exception>
    public static IReadOnlyList<CsvRecord> Parse(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var inQuotes = false;
        var quoteLine = 0;

        void EndField()
        {
            // Quoted text is kept verbatim; only the whitespace around it was skipped while reading.
            fields.Add(quoted ? field.ToString() : field.ToString().Trim());
            field.Clear();
            quoted = false;
        }

        void EndRecord()
        {
            EndField();
            // Excel writes rows of bare commas for formatted but empty rows; they carry no data either.
            if (fields.Exists(f => f.Length > 0))
            {
                records.Add(new CsvRecord(recordLine, fields.ToArray()));
            }

            fields.Clear();
        }

        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    EndField();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                case '"' when !quoted && string.IsNullOrWhiteSpace(field.ToString()):
                    field.Clear();
                    quoted = true;
                    inQuotes = true;
                    quoteLine = line;
                    break;
                default:
                    // Whitespace after a closing quote is padding; anything else is kept, as lenient readers do.
                    if (!(quoted && char.IsWhiteSpace(c)))
                    {
                        field.Append(c);
                    }

                    break;
            }
        }

        if (inQuotes)
        {
            throw new CsvFormatException(quoteLine, $"第 {quoteLine} 行的引号没有闭合");
        }

        EndRecord();
        return records;
    }
}

/// <summary>A CSV text that cannot be read as records; <see cref="Line"/> is where the problem starts.</summary>
internal sealed class CsvFormatException(int line, string message) : FormatException(message)
{
    public int Line { get; } = line;
}
