using System.Text.RegularExpressions;

namespace BranchBot.Adapters.WeChat.Templates;

/// <summary>
/// The type of a template keyword. In category templates (类目模板) and subscribe messages the keyword's name is its
/// type followed by a number (<c>thing3</c>, <c>time2</c>, <c>character_string5</c>); WeChat refuses a value that
/// breaks its type with errcode 47003. Old industry templates use <c>first</c>, <c>keywordN</c> and <c>remark</c>:
/// free text, cut to 20 characters since 2023.
/// </summary>
public enum KeywordType
{
    Legacy,
    Thing,
    Time,
    Date,
    Phrase,
    Name,
    CharacterString,
    Number,
    PhoneNumber,
    Amount,
    Letter,
    Symbol,
    CarNumber,
}

public static partial class KeywordTypes
{
    /// <summary>The type named by a keyword, or null when the name is not one WeChat uses.</summary>
    public static KeywordType? Of(string keyword)
    {
        var match = KeywordName().Match(keyword);
        if (!match.Success)
        {
            return null;
        }

        return match.Groups[1].Value switch
        {
            "first" or "remark" or "keyword" => KeywordType.Legacy,
            "thing" => KeywordType.Thing,
            "time" => KeywordType.Time,
            "date" => KeywordType.Date,
            "phrase" => KeywordType.Phrase,
            "name" => KeywordType.Name,
            "character_string" => KeywordType.CharacterString,
            "number" => KeywordType.Number,
            "phone_number" => KeywordType.PhoneNumber,
            "amount" => KeywordType.Amount,
            "letter" => KeywordType.Letter,
            "symbol" => KeywordType.Symbol,
            "car_number" => KeywordType.CarNumber,
            _ => null,
        };
    }

    /// <summary>The name WeChat's documents use for the type.</summary>
    public static string NameOf(KeywordType type) => type switch
    {
        KeywordType.Legacy => "keyword",
        KeywordType.CharacterString => "character_string",
        KeywordType.PhoneNumber => "phone_number",
        KeywordType.CarNumber => "car_number",
        _ => type.ToString().ToLowerInvariant(),
    };

    [GeneratedRegex(@"^(first|remark|keyword|thing|time|date|phrase|name|character_string|number|phone_number|amount|letter|symbol|car_number)\d*$")]
    private static partial Regex KeywordName();
}
