using System.Globalization;
using System.Text.Json;
using BranchBot.Core.Common;

namespace BranchBot.Core.Study;

/// <summary>
/// Reads a question bank from JSON (the shipped format) or CSV (what secretaries edit in Excel). Every bad question is
/// reported at once; any error keeps the whole bank from being applied.
/// </summary>
public static class QuestionBankParser
{
    private static readonly string[] OptionColumns = ["A", "B", "C", "D", "E", "F"];
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>A bank upload: a spreadsheet (by its content, whatever the name) when <paramref name="sheets"/> recognises it, else by the name's extension.</summary>
    public static ParseResult<Question> Parse(byte[] file, string fileName, ISpreadsheetReader? sheets = null)
    {
        if (sheets is not null && sheets.Recognises(file))
        {
            var records = ImportTable.Read(file, sheets, out var sheetError);
            return records is null ? Failed(sheetError!) : ParseRecords(records);
        }

        switch (Path.GetExtension(fileName).ToLowerInvariant())
        {
            case ".csv":
                return ParseCsv(file);
            case ".json":
                var decoded = TextDecoding.Decode(file);
                return decoded.Text is null ? Failed(new ImportError(0, decoded.Error ?? TextDecoding.Unrecognised)) : ParseJson(decoded.Text);
            default:
                return Failed(new ImportError(0, "只支持 .json、.csv 或 .xlsx 文件"));
        }
    }

    public static ParseResult<Question> ParseJson(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException e)
        {
            return Failed(new ImportError((int)(e.LineNumber ?? -1) + 1, "JSON 格式有误，请检查这一行附近"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("questions", out var items)
                || items.ValueKind != JsonValueKind.Array)
            {
                return Failed(new ImportError(0, "题库 JSON 应包含 questions 数组"));
            }

            // Version 2 adds each question's source and the fact it tests; both read the same way.
            if (root.TryGetProperty("version", out var version) && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v is 1 or 2))
            {
                return Failed(new ImportError(0, "只支持 version 为 1 或 2 的题库"));
            }

            var bank = new BankBuilder(n => $"第 {n} 题");
            var number = 0;
            foreach (var item in items.EnumerateArray())
            {
                number++;
                var problems = new List<string>();
                var draft = item.ValueKind == JsonValueKind.Object ? JsonDraft(item, problems) : null;
                if (draft is null)
                {
                    problems.Add("应为一个对象");
                }

                bank.Add(draft, number, problems, problem => new ImportError(0, $"第 {number} 题：{problem}"));
            }

            return bank.Result();
        }
    }

    public static ParseResult<Question> ParseCsv(byte[] file)
    {
        var records = ImportFile.ReadCsv(file, out var readError);
        return records is null ? Failed(readError!) : ParseRecords(records);
    }

    /// <summary>Checks the records of a bank table (header first), from CSV or a spreadsheet.</summary>
    public static ParseResult<Question> ParseRecords(IReadOnlyList<CsvRecord> records)
    {
        var errors = new List<ImportError>();
        var columns = ImportFile.MapHeader(records[0], CanonicalHeader, errors);
        var missing = new[] { "题型", "题干", "答案", "分类" }.Where(h => !columns.ContainsKey(h)).ToArray();
        if (missing.Length > 0)
        {
            errors.Add(new ImportError(records[0].Line, $"缺少表头：{string.Join("、", missing)}"));
        }

        if (errors.Count > 0)
        {
            return new ParseResult<Question>([], errors);
        }

        var bank = new BankBuilder(n => $"第 {n} 行");
        foreach (var record in records.Skip(1))
        {
            string Field(string header) => ImportFile.Field(record, columns.TryGetValue(header, out var i) ? i : null);
            var draft = new QuestionDraft(
                Field("题型"),
                Field("题干"),
                OptionColumns.Select(Field).ToArray(),
                Field("答案"),
                Field("解析"),
                Field("分类"),
                Field("难度"),
                Field("出处"),
                Field("考点"));
            bank.Add(draft, record.Line, [], problem => new ImportError(record.Line, problem));
        }

        return bank.Result();
    }

    private static QuestionDraft? JsonDraft(JsonElement item, List<string> problems)
    {
        string Text(string name)
        {
            if (!item.TryGetProperty(name, out var value))
            {
                return "";
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString()!.Trim();
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    // A bank written by hand may say "answer": true or "difficulty": 2; both read as their text.
                    return value.GetRawText();
                case JsonValueKind.Null:
                    return "";
                default:
                    problems.Add($"{name} 应为文本");
                    return "";
            }
        }

        var options = new List<string>();
        if (item.TryGetProperty("options", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(o => o.ValueKind != JsonValueKind.String))
            {
                problems.Add("options 应为文本数组");
            }
            else
            {
                options.AddRange(list.EnumerateArray().Select(o => o.GetString()!.Trim()));
            }
        }

        return new QuestionDraft(Text("type"), Text("stem"), options, Text("answer"), Text("explanation"), Text("category"), Text("difficulty"), Text("source"), Text("fact"));
    }

    private static string? CanonicalHeader(string header)
    {
        var name = header.StartsWith("选项", StringComparison.Ordinal) ? header[2..].Trim() : header;
        var option = Array.Find(OptionColumns, c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
        return option ?? (name is "题型" or "题干" or "答案" or "解析" or "分类" or "难度" or "出处" or "考点" ? name : null);
    }

    private static ParseResult<Question> Failed(ImportError error) => new([], [error]);

    /// <summary>Collects checked questions and errors, and names a duplicate's first occurrence in the file's own terms.</summary>
    private sealed class BankBuilder(Func<int, string> describe)
    {
        private readonly List<Question> _questions = [];
        private readonly List<ImportError> _errors = [];
        private readonly Dictionary<string, int> _firstSeen = new(StringComparer.Ordinal);
        private bool _any;

        public void Add(QuestionDraft? draft, int position, List<string> problems, Func<string, ImportError> error)
        {
            _any = true;
            var question = draft?.Validate(problems);
            if (draft?.Identity is string identity && !_firstSeen.TryAdd(identity, position))
            {
                problems.Add($"与{describe(_firstSeen[identity])}重复");
                question = null;
            }

            _errors.AddRange(problems.Select(error));
            if (question is not null && problems.Count == 0)
            {
                _questions.Add(question);
            }
        }

        public ParseResult<Question> Result()
        {
            if (!_any)
            {
                return Failed(new ImportError(0, "题库里没有题目"));
            }

            return _errors.Count > 0 ? new ParseResult<Question>([], _errors) : new ParseResult<Question>(_questions, []);
        }
    }
}
