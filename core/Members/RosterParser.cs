using System.Globalization;
using System.Text;
using BranchBot.Core.Common;

namespace BranchBot.Core.Members;

/// <summary>One checked roster row. <see cref="Phone"/> is normalised to 11 digits; <see cref="OrgPath"/> runs top down to the branch.</summary>
public sealed record RosterRow(int Line, string Name, string Phone, IReadOnlyList<string> OrgPath, string? Group, MemberStatus Status, MemberRole Role, MemberPost? Post = null);

/// <summary>
/// Reads the roster CSV a secretary exports from Excel. Every bad row is reported at once, so one round of fixes is enough;
/// any error keeps the whole file from being applied.
/// </summary>
public static class RosterParser
{
    private const int MaxNameLength = 20;
    private static readonly char[] PathSeparators = ['/', '／', '>', '＞'];

    /// <summary>A roster upload: a spreadsheet when <paramref name="sheets"/> recognises it, else CSV.</summary>
    public static ParseResult<RosterRow> Parse(byte[] file, ISpreadsheetReader? sheets = null)
    {
        var records = ImportTable.Read(file, sheets, out var readError);
        return records is null ? Failed([readError!]) : ParseRecords(records);
    }

    /// <summary>Checks the records of a roster (header first), however they were read.</summary>
    public static ParseResult<RosterRow> ParseRecords(IReadOnlyList<CsvRecord> records)
    {
        var errors = new List<ImportError>();
        var columns = ImportFile.MapHeader(records[0], CanonicalHeader, errors);
        var missing = new[] { "姓名", "手机号", "组织" }.Where(h => !columns.ContainsKey(h)).ToArray();
        if (missing.Length > 0)
        {
            errors.Add(new ImportError(records[0].Line, $"缺少表头：{string.Join("、", missing)}"));
        }

        if (errors.Count > 0)
        {
            return Failed(errors);
        }

        var rows = new List<RosterRow>();
        var phoneLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var units = new Dictionary<string, (bool IsBranch, int Line)>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            var row = ParseRow(record, columns, phoneLines, errors);
            if (row is not null && CheckUnits(row, units, errors))
            {
                rows.Add(row);
            }
        }

        if (errors.Count == 0 && rows.Count == 0)
        {
            errors.Add(new ImportError(0, "名单里没有党员"));
        }

        return errors.Count > 0 ? Failed(errors) : new ParseResult<RosterRow>(rows, []);
    }

    private static RosterRow? ParseRow(CsvRecord record, Dictionary<string, int> columns, Dictionary<string, int> phoneLines, List<ImportError> errors)
    {
        string Field(string header) => ImportFile.Field(record, columns.TryGetValue(header, out var i) ? i : null);
        var before = errors.Count;
        void Error(string message) => errors.Add(new ImportError(record.Line, message));

        var name = Field("姓名");
        if (name.Length == 0)
        {
            Error("姓名不能为空");
        }
        else if (new StringInfo(name).LengthInTextElements > MaxNameLength)
        {
            Error($"姓名不能超过 {MaxNameLength} 个字");
        }

        var phone = NormalisePhone(Field("手机号"));
        if (phone is null)
        {
            Error(Field("手机号").Length == 0 ? "手机号不能为空" : "手机号应为 11 位数字");
        }
        else if (!phoneLines.TryAdd(phone, record.Line))
        {
            Error($"手机号与第 {phoneLines[phone]} 行重复");
        }

        var org = Field("组织").Normalize(NormalizationForm.FormKC);
        var path = org.Split(PathSeparators).Select(p => p.Trim()).ToArray();
        if (org.Length == 0)
        {
            Error("组织不能为空");
        }
        else if (path.Any(p => p.Length == 0))
        {
            Error("组织路径中有空的一级，请用 / 分隔各级组织");
        }

        var group = Field("党小组").Normalize(NormalizationForm.FormKC);
        if (group.IndexOfAny(PathSeparators) >= 0)
        {
            // The group's id is derived from branch path + "/" + group name, so a separator would make it look like a unit path.
            Error("党小组名称不能包含 / 或 >");
        }

        var status = Field("状态") switch
        {
            "" or "正式" or "正式党员" => MemberStatus.Full,
            "预备" or "预备党员" => MemberStatus.Probationary,
            _ => (MemberStatus?)null,
        };
        if (status is null)
        {
            Error("状态应为“正式”或“预备”");
        }

        var post = MemberPosts.Parse(Field("角色"));
        if (post is null)
        {
            Error("角色应为 " + MemberPosts.Accepted + " 之一");
        }

        return errors.Count > before
            ? null
            : new RosterRow(record.Line, name, phone!, path, group.Length == 0 ? null : group, status!.Value, MemberPosts.RoleOf(post!.Value), post);
    }

    /// <summary>Strips the spaces, dashes and country code people type; null unless 11 digits starting with 1 remain.</summary>
    internal static string? NormalisePhone(string raw)
    {
        var digits = new StringBuilder();
        foreach (var c in raw.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c) && c != '-')
            {
                digits.Append(c);
            }
        }

        var phone = digits.ToString();
        phone = phone.StartsWith("+86", StringComparison.Ordinal) ? phone[3..]
            : phone.StartsWith("86", StringComparison.Ordinal) ? phone[2..]
            : phone;
        return phone.Length == 11 && phone[0] == '1' && phone.All(char.IsAsciiDigit) ? phone : null;
    }

    /// <summary>A unit is either a branch or the parent of other units, never both: the plan gives each path one kind.</summary>
    private static bool CheckUnits(RosterRow row, Dictionary<string, (bool IsBranch, int Line)> units, List<ImportError> errors)
    {
        for (var depth = 1; depth <= row.OrgPath.Count; depth++)
        {
            var path = string.Join("/", row.OrgPath.Take(depth));
            var isBranch = depth == row.OrgPath.Count;
            if (!units.TryAdd(path, (isBranch, row.Line)) && units[path].IsBranch != isBranch)
            {
                var first = units[path];
                errors.Add(new ImportError(row.Line, first.IsBranch
                    ? $"“{path}”在第 {first.Line} 行是党支部，不能再有下级组织"
                    : $"“{path}”在第 {first.Line} 行有下级组织，不能作为党支部"));
                return false;
            }
        }

        return true;
    }

    private static string? CanonicalHeader(string header) => header switch
    {
        "手机" => "手机号",
        "姓名" or "手机号" or "组织" or "党小组" or "状态" or "角色" => header,
        _ => null,
    };

    private static ParseResult<RosterRow> Failed(IReadOnlyList<ImportError> errors) => new([], errors);
}
