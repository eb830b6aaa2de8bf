namespace BranchBot.Core.Audit;

/// <summary>Names as they go into audit entries and logs: no control characters, so nobody can forge a log line.</summary>
public static class AuditNames
{
    public static string Clean(string name)
    {
        if (!name.Any(IsUnsafe))
        {
            return name;
        }

        return string.Concat(name.Where(c => !IsUnsafe(c)));
    }

    /// <summary>Control characters (line breaks, escapes) and the bidirectional overrides that reorder what a reader sees.</summary>
    private static bool IsUnsafe(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u2028' or '\u2029';
}
