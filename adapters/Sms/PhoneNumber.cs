using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace BranchBot.Adapters.Sms;

/// <summary>Mainland China mobile numbers: normalising for the providers and masking for logs.</summary>
internal static partial class PhoneNumber
{
    /// <summary>
    /// The 11-digit national number of a mainland mobile (<c>13800138000</c>) from what people type:
    /// spaces, hyphens, dots and parentheses are ignored, and a <c>+86</c>, <c>0086</c> or <c>86</c> prefix is dropped;
    /// any other country code is refused.
    /// </summary>
    public static bool TryNormalise(string? input, [NotNullWhen(true)] out string? national)
    {
        national = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var digits = new StringBuilder(input.Length);
        var international = false;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !international)
            {
                international = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        var text = digits.ToString();
        if (international && !text.StartsWith("86", StringComparison.Ordinal))
        {
            return false;
        }

        if (text.Length == 15 && text.StartsWith("0086", StringComparison.Ordinal))
        {
            text = text[4..];
        }
        else if ((text.Length == 13 || international) && text.StartsWith("86", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (text.Length != 11 || text[0] != '1' || text[1] < '3')
        {
            return false;
        }

        national = text;
        return true;
    }

    /// <summary>The number as E.164 (<c>+8613800138000</c>), for Tencent Cloud.</summary>
    public static string ToE164(string national) => "+86" + national;

    /// <summary>First 3 and last 4 digits only (<c>138****8000</c>); anything shorter is masked whole.</summary>
    public static string Mask(string? input)
    {
        var digits = TryNormalise(input, out var national) ? national : new string((input ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 8 ? digits[..3] + new string('*', digits.Length - 7) + digits[^4..] : "****";
    }

    /// <summary>
    /// A provider's error text made safe to log and store: cut before any echoed string-to-sign (Aliyun quotes the whole
    /// request, phone and parameters included, in SignatureDoesNotMatch) and with any mobile number masked.
    /// </summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cut = text.IndexOf("string to sign", StringComparison.OrdinalIgnoreCase);
        if (cut >= 0)
        {
            text = text[..cut].TrimEnd(' ', ':', ',', '.') + " (string to sign withheld)";
        }

        text = MobileNumber().Replace(text, m => Mask(m.Value));
        return text.Length > 300 ? text[..300] + "…" : text;
    }

    [GeneratedRegex(@"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)")]
    private static partial Regex MobileNumber();
}
