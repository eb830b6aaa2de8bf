using System.Text;

namespace BranchBot.Core.Study;

/// <summary>Reads option letters however people type them: "AC", "ac", "A C", "A,C", "A、C", full-width or not.</summary>
internal static class ChoiceLetters
{
    private const string Separators = ".,，、。;；";

    /// <summary>The letters in the order written (uppercase, repeats kept), or null if anything else is there or a letter names no option.</summary>
    public static string? Read(string text, int optionCount)
    {
        var letters = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c) || Separators.Contains(c))
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (upper < 'A' || upper >= 'A' + optionCount)
            {
                return null;
            }

            letters.Append(upper);
        }

        return letters.Length == 0 ? null : letters.ToString();
    }

    /// <summary>The distinct letters in alphabetical order, the form answers are stored in.</summary>
    public static string Canonical(string letters) => string.Concat(letters.Distinct().Order());
}
