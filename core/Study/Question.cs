using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Core.Study;

/// <summary>单选, 多选, 判断 (true/false), 填空 (fill in the blank).</summary>
public enum QuestionType
{
    Single,
    Multiple,
    TrueFalse,
    FillIn,
}

/// <summary>
/// One question of the bank. <see cref="Answer"/> is letters for choice questions ("B", "ACD"), "对"/"错" for
/// true/false, and the accepted texts separated by '|' for fill-in. <see cref="Source"/> says where a reviewer checks
/// the fact (document and article); <see cref="Fact"/> names the fact tested, so one set never asks it twice.
/// </summary>
public sealed record Question(
    string Id,
    QuestionType Type,
    string Stem,
    IReadOnlyList<string> Options,
    string Answer,
    string Explanation,
    string Category,
    int Difficulty,
    string? Source = null,
    string? Fact = null)
{
    /// <summary>A question's identity is its stem plus its options in sorted order: the same stem may come with other options.</summary>
    public static string IdentityOf(string stem, IEnumerable<string> options)
    {
        var sorted = options.Select(o => o.Trim()).Order(StringComparer.Ordinal);
        var text = stem.Trim() + "\n" + string.Join("\n", sorted);
        return "q" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    public static string TypeName(QuestionType type) => type switch
    {
        QuestionType.Single => "单选",
        QuestionType.Multiple => "多选",
        QuestionType.TrueFalse => "判断",
        _ => "填空",
    };
}
