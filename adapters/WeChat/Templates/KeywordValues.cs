using System.Globalization;
using System.Text.RegularExpressions;
using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;

namespace BranchBot.Adapters.WeChat.Templates;

/// <summary>
/// Writes a template field's value as its keyword type requires (WeChat's rules for category templates and subscribe
/// messages), and checks a value against them. A value is one line; text is shortened to the type's limit at a whole
/// character; an instant is written in Asia/Shanghai in the type's own form.
/// </summary>
public static partial class KeywordValues
{
    /// <summary>Thing and the old free-text keywords hold at most 20 characters.</summary>
    public const int ThingLength = 20;
    public const int PhraseLength = 5;
    public const int ChineseNameLength = 10;
    public const int LatinNameLength = 20;
    public const int CharacterStringLength = 32;
    public const int NumberLength = 32;
    public const int PhoneNumberLength = 17;
    public const int LetterLength = 32;
    public const int SymbolLength = 5;
    public const int CarNumberLength = 8;

    /// <summary>What a free-text field shows when its value is empty (WeChat refuses an empty value).</summary>
    public const string Empty = "无";

    /// <summary>Whether a field of this type can hold a placeholder of this shape at all.</summary>
    public static bool CanHold(KeywordType type, PlaceholderShape shape) => type switch
    {
        KeywordType.Legacy or KeywordType.Thing => true,
        KeywordType.Time or KeywordType.Date => shape == PlaceholderShape.Moment,
        KeywordType.Phrase => shape == PlaceholderShape.Label,
        KeywordType.Name => shape is PlaceholderShape.PersonName or PlaceholderShape.Label,
        _ => false,
    };

    /// <summary>What a field of this type holds, in words for a configuration error.</summary>
    public static string Describe(KeywordType type) => type switch
    {
        KeywordType.Legacy or KeywordType.Thing => "text of at most 20 characters",
        KeywordType.Time => "a 24-hour time, optionally after a full date (2026年12月1日 15:01), or a range of them joined by ~",
        KeywordType.Date => "a date (2026年12月1日), optionally with a time, or a range of them joined by ~",
        KeywordType.Phrase => "at most 5 Chinese characters",
        KeywordType.Name => "a name of at most 10 Chinese characters or 20 letters",
        KeywordType.CharacterString => "at most 32 letters, digits or symbols",
        KeywordType.Number => "at most 32 digits",
        KeywordType.PhoneNumber => "a phone number of at most 17 digits and symbols",
        KeywordType.Amount => "an amount of money such as ¥12.50 or 12元",
        KeywordType.Letter => "at most 32 letters",
        KeywordType.Symbol => "at most 5 symbols",
        _ => "a vehicle plate of at most 8 characters",
    };

    /// <summary>The pattern's placeholders ({name}) in order.</summary>
    public static IEnumerable<string> PlaceholdersIn(string pattern) => Placeholder().Matches(pattern).Select(m => m.Groups[1].Value);

    /// <summary>The pattern's literal text, placeholders removed.</summary>
    public static string LiteralOf(string pattern) => Placeholder().Replace(pattern, string.Empty);

    /// <summary>The value of a field of <paramref name="type"/> filled from <paramref name="pattern"/>.</summary>
    public static string Render(KeywordType type, string pattern, IReadOnlyDictionary<string, NoticeValue> values)
    {
        var filled = Placeholder().Replace(pattern, m => values.TryGetValue(m.Groups[1].Value, out var value) ? Write(type, value) : string.Empty);
        var line = TextFit.SingleLine(filled);
        return type switch
        {
            KeywordType.Legacy or KeywordType.Thing => line.Length == 0 ? Empty : TextFit.Shorten(line, ThingLength),
            KeywordType.Phrase => TextFit.Shorten(TextFit.Keep(line, IsHan), PhraseLength, string.Empty),
            KeywordType.Name => TextFit.Shorten(line, line.Any(c => IsHan(c.ToString())) ? ChineseNameLength : LatinNameLength, string.Empty),
            _ => line,
        };
    }

    /// <summary>Null when WeChat accepts <paramref name="value"/> for a field of <paramref name="type"/>; else why not.</summary>
    public static string? Check(KeywordType type, string value)
    {
        if (value.Length == 0)
        {
            return "empty";
        }

        if (value.Any(char.IsControl))
        {
            return "holds a line break or control character";
        }

        var ok = type switch
        {
            KeywordType.Legacy or KeywordType.Thing => value.Length <= ThingLength,
            KeywordType.Time => TimeValue().IsMatch(value),
            KeywordType.Date => DateValue().IsMatch(value),
            KeywordType.Phrase => value.Length <= PhraseLength && value.All(c => IsHan(c.ToString())),
            KeywordType.Name => value.Length <= (value.Any(c => IsHan(c.ToString())) ? ChineseNameLength : LatinNameLength),
            KeywordType.CharacterString => value.Length <= CharacterStringLength && value.All(c => c is > ' ' and <= '~'),
            KeywordType.Number => value.Length <= NumberLength && NumberValue().IsMatch(value),
            KeywordType.PhoneNumber => value.Length <= PhoneNumberLength && PhoneValue().IsMatch(value),
            KeywordType.Amount => AmountValue().IsMatch(value),
            KeywordType.Letter => value.Length <= LetterLength && value.All(char.IsAsciiLetter),
            KeywordType.Symbol => value.Length <= SymbolLength && value.All(c => char.IsPunctuation(c) || char.IsSymbol(c)),
            _ => value.Length <= CarNumberLength && value.All(c => char.IsAsciiLetterOrDigit(c) || IsHan(c.ToString())),
        };
        return ok ? null : "is not " + Describe(type);
    }

    private static string Write(KeywordType type, NoticeValue value) => value switch
    {
        NoticeValue.Moment moment => type switch
        {
            KeywordType.Time => FullTime(moment.Utc),
            KeywordType.Date => FullDate(moment.Utc),
            _ => ChinaTime.Format(moment.Utc),
        },
        NoticeValue.Text text when type == KeywordType.Phrase => text.Short ?? text.Value,
        NoticeValue.Text text => text.Value,
        _ => string.Empty,
    };

    private static string FullDate(DateTimeOffset utc)
    {
        var t = ChinaTime.Local(utc);
        return string.Create(CultureInfo.InvariantCulture, $"{t.Year}年{t.Month}月{t.Day}日");
    }

    private static string FullTime(DateTimeOffset utc) =>
        FullDate(utc) + " " + ChinaTime.Local(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static bool IsHan(string element) =>
        element.Length > 0 && (element[0] is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' || char.IsSurrogate(element[0]) && element.Length == 2 && char.ConvertToUtf32(element, 0) is >= 0x20000 and <= 0x3134F);

    [GeneratedRegex(@"\{([a-z]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^((\d{4}年\d{1,2}月\d{1,2}日 )?([01]?\d|2[0-3]):[0-5]\d)(~((\d{4}年\d{1,2}月\d{1,2}日 )?([01]?\d|2[0-3]):[0-5]\d))?$")]
    private static partial Regex TimeValue();

    [GeneratedRegex(@"^(\d{4}年\d{1,2}月\d{1,2}日( ([01]?\d|2[0-3]):[0-5]\d)?)(~(\d{4}年\d{1,2}月\d{1,2}日( ([01]?\d|2[0-3]):[0-5]\d)?))?$")]
    private static partial Regex DateValue();

    [GeneratedRegex(@"^\d+(\.\d+)?$")]
    private static partial Regex NumberValue();

    [GeneratedRegex(@"^\+?[\d\-() ]+$")]
    private static partial Regex PhoneValue();

    [GeneratedRegex(@"^[¥$€£]?\d{1,10}(\.\d{1,2})?元?$")]
    private static partial Regex AmountValue();
}
