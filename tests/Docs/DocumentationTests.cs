using System.Text;
using System.Text.RegularExpressions;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Docs;

/// <summary>The README stays a front page, and every link in it and in docs/ leads somewhere.</summary>
public sealed partial class DocumentationTests
{
    private static readonly string[] Documents =
        [RepoRoot.PathOf("README.md"), .. Directory.EnumerateFiles(RepoRoot.PathOf("docs"), "*.md").Order(StringComparer.Ordinal)];

    [Fact]
    public void Readme_IsUnderTenKilobytes()
    {
        var bytes = new FileInfo(RepoRoot.PathOf("README.md")).Length;
        Assert.True(bytes < 10 * 1024, $"README.md is {bytes} bytes; move detail into docs/");
    }

    [Fact]
    public void Docs_HoldTheGuideTheOperationsGuideAndTheArchitectureNote()
    {
        foreach (var name in new[] { "guide.md", "operations.md", "architecture.md", "glossary.md", "admin-api.md" })
        {
            Assert.True(File.Exists(RepoRoot.PathOf("docs", name)), "docs/" + name + " is missing");
        }
    }

    [Fact]
    public void EveryRelativeLink_ResolvesToAFileAndHeading()
    {
        var broken = new List<string>();
        foreach (var document in Documents)
        {
            var text = File.ReadAllText(document);
            foreach (Match link in Link().Matches(StripCode(text)))
            {
                var target = link.Groups[1].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var hash = target.IndexOf('#');
                var path = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var file = path.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, path));
                var name = Path.GetFileName(document) + " → " + target;
                if (!File.Exists(file) && !Directory.Exists(file))
                {
                    broken.Add(name + " (no such file)");
                }
                else if (anchor is not null && file.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(file)).Contains(anchor))
                {
                    broken.Add(name + " (no such heading)");
                }
            }
        }

        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in StripCode(markdown).Split('\n'))
        {
            var heading = Heading().Match(line);
            if (!heading.Success)
            {
                continue;
            }

            var slug = new StringBuilder();
            foreach (var c in heading.Groups[1].Value.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            var anchor = slug.ToString();
            var count = seen.GetValueOrDefault(anchor);
            seen[anchor] = count + 1;
            anchors.Add(count == 0 ? anchor : anchor + "-" + count);
        }

        return anchors;
    }

    private static string StripCode(string markdown) => Fence().Replace(markdown, string.Empty);

    [GeneratedRegex(@"\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
