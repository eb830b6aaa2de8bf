using System.Text;

namespace BranchBot.Core.Study;

/// <summary>The ways people write "true" and "false", in a question bank or in a reply.</summary>
internal static class TrueFalseWords
{
    public const string True = "对";
    public const string False = "错";

    private static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["对"] = True, ["正确"] = True, ["是"] = True, ["√"] = True, ["✓"] = True, ["✔"] = True,
        ["T"] = True, ["Y"] = True, ["true"] = True,
        ["错"] = False, ["错误"] = False, ["否"] = False, ["×"] = False, ["✗"] = False, ["✘"] = False,
        ["F"] = False, ["N"] = False, ["false"] = False,
    };

    /// <summary>"对" or "错", or null when the text is neither.</summary>
    public static string? Read(string text)
    {
        var word = text.Normalize(NormalizationForm.FormKC).Trim().TrimEnd('。', '.', '!', '！');
        return Words.GetValueOrDefault(word);
    }
}
