using System.Text.RegularExpressions;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Voice;

/// <summary>Every Chinese string the bot or the console can show is checked against docs/glossary.md's forbidden forms.</summary>
public sealed partial class GlossaryTests
{
    [Fact]
    public void ChineseStrings_UseNoForbiddenForm()
    {
        var forbidden = File.ReadAllLines(RepoRoot.PathOf("docs", "glossary.md"))
            .SkipWhile(l => !l.StartsWith("## Forbidden forms", StringComparison.Ordinal))
            .Select(l => ForbiddenLine().Match(l))
            .Where(m => m.Success)
            .Select(m => (Form: m.Groups[1].Value, Instead: m.Groups[2].Value))
            .ToList();
        Assert.True(forbidden.Count >= 10, "docs/glossary.md lists no forbidden forms");

        var sources = new[] { "core", "adapters", "bot" }
            .SelectMany(d => Directory.EnumerateFiles(RepoRoot.PathOf(d), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || (f.EndsWith(".js", StringComparison.Ordinal) && f.Contains("/Console/web/src/", StringComparison.Ordinal)))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("node_modules", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(sources);

        var found = new List<string>();
        var strings = 0;
        foreach (var file in sources)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match literal in StringLiteral().Matches(lines[i]))
                {
                    var text = literal.Value;
                    if (!Han().IsMatch(text))
                    {
                        continue;
                    }

                    strings++;
                    found.AddRange(forbidden.Where(f => text.Contains(f.Form, StringComparison.Ordinal))
                        .Select(f => $"{Path.GetRelativePath(RepoRoot.PathOf(), file)}:{i + 1}: 「{f.Form}」 should be 「{f.Instead}」 in {text}"));
                }
            }
        }

        Assert.True(strings > 500, $"only {strings} Chinese strings were found: is the scan reading the sources?");
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [GeneratedRegex(@"^- `([^`]+)` → `([^`]+)`")]
    private static partial Regex ForbiddenLine();

    // "…", '…' and `…` literals on one line (C# and JS), escapes included.
    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();
}
