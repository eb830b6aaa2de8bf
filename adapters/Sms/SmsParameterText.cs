using System.Text.RegularExpressions;
using BranchBot.Core.Common;

namespace BranchBot.Adapters.Sms;

/// <summary>
/// Fits a template parameter to what the providers accept: one line, without the characters they refuse in a variable
/// (【】 that would read as a signature, brackets and quotes that break their variable parsing, links, characters
/// outside the BMP such as emoji), and at most the provider's per-parameter length, cut at a whole character.
/// </summary>
internal static partial class SmsParameterText
{
    private const string Refused = "【】[]{}<>'\"\\`";

    public static string Fit(string value, int maxLength)
    {
        var line = TextFit.SingleLine(Link().Replace(value, string.Empty));
        var kept = TextFit.Keep(line, e => e.Length == 1 && !Refused.Contains(e[0]) && !char.IsSurrogate(e[0]) || e.Length > 1 && !char.IsSurrogate(e[0])).Trim();
        return maxLength > 0 ? TextFit.Shorten(kept, maxLength, string.Empty) : kept;
    }

    [GeneratedRegex(@"(https?://|www\.)\S*", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
