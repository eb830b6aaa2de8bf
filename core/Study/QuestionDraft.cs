using System.Globalization;
using System.Text;

namespace BranchBot.Core.Study;

/// <summary>A question as a file states it, before checking; JSON and CSV both become drafts so they share one set of rules.</summary>
internal sealed record QuestionDraft(
    string Type,
    string Stem,
    IReadOnlyList<string> Options,
    string Answer,
    string Explanation,
    string Category,
    string Difficulty,
    string Source = "",
    string Fact = "")
{
    private const int MaxSourceLength = 200;
    private const int MaxFactLength = 100;

    private const int MaxStemLength = 300;
    private const int MinOptions = 2;
    private const int MaxOptions = 6;

    /// <summary>The options that count: trailing empty ones are unused columns, not options.</summary>
    public IReadOnlyList<string> UsedOptions { get; } = TrimTrailingEmpty(Options);

    /// <summary>The identity this draft would have, or null while it has no stem to identify it by.</summary>
    public string? Identity => Stem.Length == 0 ? null : Question.IdentityOf(Stem, UsedOptions);

    /// <summary>The checked question, or null with each problem added to <paramref name="problems"/>.</summary>
    public Question? Validate(List<string> problems)
    {
        var before = problems.Count;
        var type = ParseType(Type);
        if (type is null)
        {
            problems.Add("题型应为 单选、多选、判断 或 填空");
        }

        if (Stem.Length == 0)
        {
            problems.Add("题干不能为空");
        }
        else if (Stem.Length > MaxStemLength)
        {
            problems.Add($"题干不能超过 {MaxStemLength} 字");
        }

        var answer = type switch
        {
            QuestionType.Single or QuestionType.Multiple => ChoiceAnswer(type.Value, problems),
            QuestionType.TrueFalse => NoOptions(problems) ? TrueFalseAnswer(problems) : null,
            QuestionType.FillIn => NoOptions(problems) ? FillInAnswer(problems) : null,
            _ => null,
        };

        if (Category.Length == 0)
        {
            problems.Add("分类不能为空");
        }

        if (Source.Length > MaxSourceLength)
        {
            problems.Add($"出处不能超过 {MaxSourceLength} 字");
        }

        if (Fact.Length > MaxFactLength)
        {
            problems.Add($"考点不能超过 {MaxFactLength} 字");
        }

        var difficulty = 1;
        if (Difficulty.Length > 0 && !(int.TryParse(Difficulty, NumberStyles.None, CultureInfo.InvariantCulture, out difficulty) && difficulty is >= 1 and <= 3))
        {
            problems.Add("难度应为 1、2 或 3");
        }

        return problems.Count > before || type is null || answer is null
            ? null
            : new Question(Identity!, type.Value, Stem, UsedOptions, answer, Explanation, Category, difficulty,
                Source.Length == 0 ? null : Source, Fact.Length == 0 ? null : Fact);
    }

    private static QuestionType? ParseType(string text)
    {
        var name = text.Normalize(NormalizationForm.FormKC).Trim();
        name = name.EndsWith('题') ? name[..^1] : name;
        return name switch
        {
            "单选" => QuestionType.Single,
            "多选" => QuestionType.Multiple,
            "判断" => QuestionType.TrueFalse,
            "填空" => QuestionType.FillIn,
            _ => null,
        };
    }

    private string? ChoiceAnswer(QuestionType type, List<string> problems)
    {
        if (UsedOptions.Count is < MinOptions or > MaxOptions)
        {
            problems.Add($"选择题需要 {MinOptions} 到 {MaxOptions} 个选项");
            return null;
        }

        var empty = Enumerable.Range(0, UsedOptions.Count).Where(i => UsedOptions[i].Length == 0).Select(Letter).ToArray();
        if (empty.Length > 0)
        {
            problems.Add($"选项 {string.Join("、", empty)} 为空");
            return null;
        }

        var letters = ChoiceLetters.Read(Answer, UsedOptions.Count);
        if (letters is null)
        {
            problems.Add($"答案应为 A 到 {Letter(UsedOptions.Count - 1)} 之间的选项字母");
            return null;
        }

        if (type == QuestionType.Single && letters.Length != 1)
        {
            problems.Add("单选题的答案应为一个字母");
            return null;
        }

        var canonical = ChoiceLetters.Canonical(letters);
        if (type == QuestionType.Multiple && canonical.Length < 2)
        {
            problems.Add("多选题的答案至少要有两个字母");
            return null;
        }

        return canonical;
    }

    private bool NoOptions(List<string> problems)
    {
        if (UsedOptions.Count == 0)
        {
            return true;
        }

        problems.Add("判断题和填空题不应有选项");
        return false;
    }

    private string? TrueFalseAnswer(List<string> problems)
    {
        var answer = TrueFalseWords.Read(Answer);
        if (answer is null)
        {
            problems.Add("判断题的答案应为“对”或“错”");
        }

        return answer;
    }

    private string? FillInAnswer(List<string> problems)
    {
        var alternatives = Answer.Split('|').Select(a => a.Trim()).Where(a => a.Length > 0).ToArray();
        if (alternatives.Length == 0)
        {
            problems.Add("填空题的答案不能为空");
            return null;
        }

        return string.Join("|", alternatives);
    }

    private static string Letter(int index) => ((char)('A' + index)).ToString();

    private static IReadOnlyList<string> TrimTrailingEmpty(IReadOnlyList<string> options)
    {
        var trimmed = options.Select(o => o.Trim()).ToList();
        while (trimmed.Count > 0 && trimmed[^1].Length == 0)
        {
            trimmed.RemoveAt(trimmed.Count - 1);
        }

        return trimmed;
    }
}
