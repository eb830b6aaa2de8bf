using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BranchBot.Tests.Infrastructure;

/// <summary>
/// What WeChat refuses, written apart from the bot's own formatter so that a test of one checks the other: template
/// and subscribe values that break their keyword's type (47003), and customer-service texts over 2048 bytes (45002).
/// </summary>
public static partial class FakeWeChatRules
{
    public const int MaxTextBytes = 2048;

    /// <summary>The first field whose value WeChat would refuse, as its errmsg names it, or null.</summary>
    public static string? RefusedField(JsonNode? data)
    {
        if (data is not JsonObject fields || fields.Count == 0)
        {
            return "data";
        }

        foreach (var (key, node) in fields)
        {
            var value = node?["value"]?.GetValue<string>();
            if (value is null || !Accepts(key, value))
            {
                return key;
            }
        }

        return null;
    }

    public static bool Accepts(string key, string value)
    {
        if (value.Length == 0 || value.Any(c => c < ' ' || c == '\u007f'))
        {
            return false;
        }

        var type = TypeName().Match(key) is { Success: true } m ? m.Groups[1].Value : "?";
        var chars = new StringInfo(value).LengthInTextElements;
        return type switch
        {
            "first" or "remark" or "keyword" or "thing" => value.Length <= 20,
            "time" => Time().IsMatch(value),
            "date" => Date().IsMatch(value),
            "phrase" => chars <= 5 && Regex.IsMatch(value, @"^\p{IsCJKUnifiedIdeographs}+$"),
            "name" => Regex.IsMatch(value, @"\p{IsCJKUnifiedIdeographs}") ? chars <= 10 : chars <= 20,
            "character_string" => value.Length <= 32 && Regex.IsMatch(value, @"^[\x21-\x7e]+$"),
            "number" => value.Length <= 32 && Regex.IsMatch(value, @"^\d+(\.\d+)?$"),
            "phone_number" => value.Length <= 17 && Regex.IsMatch(value, @"^\+?[\d\-() ]+$"),
            "amount" => Regex.IsMatch(value, @"^[¥$€£]?\d{1,10}(\.\d{1,2})?元?$"),
            "letter" => value.Length <= 32 && Regex.IsMatch(value, "^[A-Za-z]+$"),
            "symbol" => value.Length <= 5,
            "car_number" => value.Length <= 8,
            _ => false,
        };
    }

    public static bool TextTooLong(JsonNode? body) =>
        body?["msgtype"]?.GetValue<string>() == "text" &&
        Encoding.UTF8.GetByteCount(body["text"]?["content"]?.GetValue<string>() ?? string.Empty) > MaxTextBytes;

    private static readonly string[] ButtonTypes =
    [
        "click", "view", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin",
        "location_select", "media_id", "article_id", "article_view_limited", "miniprogram",
    ];

    /// <summary>
    /// What WeChat answers a menu it refuses (menu/create, addconditional): 1–3 buttons (40016), names up to 16 bytes
    /// (40018) and sub-buttons up to 5 (40023) with names up to 60 bytes (40025), known types (40017), keys of 1–128
    /// bytes (40019/40026). Null when it accepts the menu.
    /// </summary>
    public static (int Code, string Message)? MenuRefusal(JsonNode? buttons)
    {
        if (buttons is not JsonArray top || top.Count is 0 or > 3)
        {
            return (40016, "invalid button size");
        }

        foreach (var button in top)
        {
            if (Encoding.UTF8.GetByteCount(button?["name"]?.GetValue<string>() ?? string.Empty) is 0 or > 16)
            {
                return (40018, "invalid button name size");
            }

            if (button!["sub_button"] is JsonArray subs && subs.Count > 0)
            {
                if (subs.Count > 5)
                {
                    return (40023, "invalid sub button size");
                }

                foreach (var sub in subs)
                {
                    if (Encoding.UTF8.GetByteCount(sub?["name"]?.GetValue<string>() ?? string.Empty) is 0 or > 60)
                    {
                        return (40025, "invalid sub button name size");
                    }

                    if (LeafRefusal(sub!, 40026) is { } refused)
                    {
                        return refused;
                    }
                }
            }
            else if (LeafRefusal(button, 40019) is { } refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static (int, string)? LeafRefusal(JsonNode button, int keyCode)
    {
        var type = button["type"]?.GetValue<string>();
        if (type is null || !ButtonTypes.Contains(type))
        {
            return (40017, "invalid button type");
        }

        if (type == "view")
        {
            return button["url"]?.GetValue<string>() is { Length: > 0 } ? null : (40020, "invalid button url size");
        }

        return Encoding.UTF8.GetByteCount(button["key"]?.GetValue<string>() ?? string.Empty) is 0 or > 128 ? (keyCode, "invalid button key size") : null;
    }

    [GeneratedRegex(@"^([a-z_]+?)\d*$")]
    private static partial Regex TypeName();

    // 15:01, 2026年12月1日 15:01, and ranges of them joined by ~.
    [GeneratedRegex(@"^(\d{4}年(1[0-2]|[1-9])月(3[01]|[12]\d|[1-9])日 )?([01]?\d|2[0-3]):[0-5]\d(~(\d{4}年(1[0-2]|[1-9])月(3[01]|[12]\d|[1-9])日 )?([01]?\d|2[0-3]):[0-5]\d)?$")]
    private static partial Regex Time();

    [GeneratedRegex(@"^\d{4}年(1[0-2]|[1-9])月(3[01]|[12]\d|[1-9])日( ([01]?\d|2[0-3]):[0-5]\d)?(~\d{4}年(1[0-2]|[1-9])月(3[01]|[12]\d|[1-9])日( ([01]?\d|2[0-3]):[0-5]\d)?)?$")]
    private static partial Regex Date();
}
