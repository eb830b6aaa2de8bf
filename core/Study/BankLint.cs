using System.Globalization;
using System.Text;

namespace BranchBot.Core.Study;

/// <summary>One thing the linter found: an error keeps a bank from passing, a note is for the editor to weigh.</summary>
public sealed record LintFinding(bool IsError, string Message);

/// <summary>The findings and a per-category summary of types and answer letters.</summary>
public sealed record BankLintReport(IReadOnlyList<LintFinding> Findings, IReadOnlyList<string> Summary)
{
    public bool Passed => !Findings.Any(f => f.IsError);
}

/// <summary>
/// Checks a question bank as an editor would before a 党委 adopts it: duplicates and near-duplicates (by the stem and
/// by the fact tested), a source for every question, alternatives for every 填空, options and questions short enough
/// for a WeChat reply, and how types and answer letters are spread in each category.
/// </summary>
public static class BankLint
{
    /// <summary>Longest option that still reads on one line of a phone's chat bubble.</summary>
    public const int MaxOptionLength = 40;

    /// <summary>A rendered question (stem, options, how to answer) must fit one WeChat text of 2048 bytes.</summary>
    public const int MaxRenderedBytes = 2048;

    /// <summary>Stems sharing this share of their character pairs are near-duplicates.</summary>
    public const double NearDuplicateSimilarity = 0.8;

    public static BankLintReport Check(IReadOnlyList<Question> questions)
    {
        var findings = new List<LintFinding>();
        string Name(Question q) => $"「{Short(q.Stem)}」（{q.Category}）";

        foreach (var group in questions.GroupBy(q => NormalisedStem(q.Stem), StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            findings.Add(new LintFinding(true, $"题干重复：{string.Join("；", group.Select(Name))}"));
        }

        foreach (var group in questions.Where(q => q.Fact is not null).GroupBy(q => q.Fact!, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            findings.Add(new LintFinding(true, $"考点 {group.Key} 被多道题考查：{string.Join("；", group.Select(Name))}"));
        }

        var pairs = questions.Select(q => (Question: q, Pairs: CharacterPairs(NormalisedStem(q.Stem)))).ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            for (var j = i + 1; j < pairs.Count; j++)
            {
                if (pairs[i].Question.Category == pairs[j].Question.Category && NormalisedStem(pairs[i].Question.Stem) != NormalisedStem(pairs[j].Question.Stem)
                    && Similarity(pairs[i].Pairs, pairs[j].Pairs) >= NearDuplicateSimilarity)
                {
                    findings.Add(new LintFinding(true, $"题干相近，可能考查同一内容：{Name(pairs[i].Question)}；{Name(pairs[j].Question)}"));
                }
            }
        }

        foreach (var q in questions)
        {
            if (string.IsNullOrWhiteSpace(q.Source))
            {
                findings.Add(new LintFinding(true, $"缺少出处：{Name(q)}"));
            }

            if (q.Type == QuestionType.FillIn && q.Answer.Split('|').Length < 2)
            {
                findings.Add(new LintFinding(true, $"填空题只有一种答案写法，请补充可接受的写法（用 | 分隔）：{Name(q)}"));
            }

            foreach (var option in q.Options.Where(o => o.Length > MaxOptionLength))
            {
                findings.Add(new LintFinding(true, $"选项超过 {MaxOptionLength} 字：「{Short(option)}」，{Name(q)}"));
            }

            if (Encoding.UTF8.GetByteCount(QuestionFormat.Render(q, "挑战答题 第10题 · 已连对9题")) > MaxRenderedBytes)
            {
                findings.Add(new LintFinding(true, $"题目过长，超出一条微信消息：{Name(q)}"));
            }
        }

        var summary = new List<string>();
        foreach (var category in questions.GroupBy(q => q.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var types = string.Join("，", category.GroupBy(q => q.Type).OrderBy(g => g.Key).Select(g => $"{Question.TypeName(g.Key)} {g.Count()}"));
            var singles = category.Where(q => q.Type == QuestionType.Single).ToList();
            var letters = string.Join(" ", singles.GroupBy(q => q.Answer).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}:{g.Count()}"));
            summary.Add(string.Create(CultureInfo.InvariantCulture, $"{category.Key}：{category.Count()} 题（{types}）；单选答案 {letters}"));
            if (singles.Count >= 20 && singles.GroupBy(q => q.Answer).Max(g => g.Count()) > singles.Count * 0.4)
            {
                findings.Add(new LintFinding(false, $"{category.Key} 的单选题答案过于集中在同一个字母：{letters}"));
            }
        }

        return new BankLintReport(findings, summary);
    }

    /// <summary>The stem as compared: width folded, spaces, punctuation and the blank removed.</summary>
    internal static string NormalisedStem(string stem)
    {
        var builder = new StringBuilder();
        foreach (var c in stem.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static HashSet<string> CharacterPairs(string text)
    {
        var pairs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < text.Length; i++)
        {
            pairs.Add(text.Substring(i, 2));
        }

        return pairs;
    }

    private static double Similarity(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count < b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    private static string Short(string text) => text.Length <= 24 ? text : text[..23] + "…";
}
