using System.Globalization;
using BranchBot.Core.Messaging;

namespace BranchBot.Adapters.WeChat.Protocol;

/// <summary>Maps the fields of a push to a core message record; an unknown type or event is kept, never an error.</summary>
public static class InboundParser
{
    private const string QrScenePrefix = "qrscene_";
    private const int MaxScanResult = 512;

    public static IncomingMessage? TryParse(WireFields f, out string? error)
    {
        var account = f["ToUserName"];
        var openId = f["FromUserName"];
        var msgType = f["MsgType"];
        if (string.IsNullOrEmpty(account) || account.Length > 64)
        {
            error = "ToUserName is missing or too long";
            return null;
        }

        if (!IsOpenId(openId))
        {
            error = "FromUserName is not an OpenID";
            return null;
        }

        if (string.IsNullOrEmpty(msgType))
        {
            error = "MsgType is missing";
            return null;
        }

        if (!long.TryParse(f["CreateTime"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799)
        {
            error = "CreateTime is not a Unix time in seconds";
            return null;
        }

        var msgId = f["MsgId"];
        if (msgId is not null && (msgId.Length is 0 or > 32 || !msgId.All(char.IsAsciiDigit)))
        {
            error = "MsgId is not a number";
            return null;
        }

        var header = new MessageHeader(account, openId!, DateTimeOffset.FromUnixTimeSeconds(seconds), msgId);
        error = null;
        try
        {
            return msgType.ToLowerInvariant() switch
            {
                "text" => new TextMessage(header, f["Content"] ?? string.Empty),
                "image" => new ImageMessage(header, f["PicUrl"] ?? string.Empty, f["MediaId"] ?? string.Empty),
                "voice" => new VoiceMessage(header, f["MediaId"] ?? string.Empty, f["Format"] ?? string.Empty, f["Recognition"]),
                "video" => new VideoMessage(header, f["MediaId"] ?? string.Empty, f["ThumbMediaId"] ?? string.Empty, IsShort: false),
                "shortvideo" => new VideoMessage(header, f["MediaId"] ?? string.Empty, f["ThumbMediaId"] ?? string.Empty, IsShort: true),
                "location" => new LocationMessage(header, Number(f, "Location_X"), Number(f, "Location_Y"), (int)Number(f, "Scale", 0), f["Label"] ?? string.Empty),
                "link" => new LinkMessage(header, f["Title"] ?? string.Empty, f["Description"] ?? string.Empty, f["Url"] ?? string.Empty),
                "event" => ParseEvent(header, f),
                _ => new UnknownMessage(header, msgType),
            };
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static IncomingEvent ParseEvent(MessageHeader header, WireFields f)
    {
        var name = f["Event"];
        if (string.IsNullOrEmpty(name))
        {
            throw new FormatException("Event is missing");
        }

        var key = f["EventKey"];
        var ticket = NullIfEmpty(f["Ticket"]);
        return name.ToUpperInvariant() switch
        {
            "SUBSCRIBE" => new SubscribeEvent(header, name, SceneOf(key), ticket),
            "UNSUBSCRIBE" => new UnsubscribeEvent(header, name),
            "SCAN" => new ScanEvent(header, name, key ?? string.Empty, ticket),
            "CLICK" => new MenuClickEvent(header, name, key ?? string.Empty),
            "VIEW" => new MenuViewEvent(header, name, key ?? string.Empty),
            "SCANCODE_WAITMSG" or "SCANCODE_PUSH" => new MenuScanEvent(header, name, key ?? string.Empty, f["ScanCodeInfo.ScanType"] ?? string.Empty, ScanResult(f)),
            "PIC_SYSPHOTO" or "PIC_PHOTO_OR_ALBUM" or "PIC_WEIXIN" => new MenuPhotoEvent(header, name, key ?? string.Empty, (int)Math.Clamp(Number(f, "SendPicsInfo.Count", 0), 0, 99)),
            "LOCATION" => new LocationReportEvent(header, name, Number(f, "Latitude"), Number(f, "Longitude"), Number(f, "Precision", 0)),
            "TEMPLATESENDJOBFINISH" => new TemplateSendFinishedEvent(header, name, f["MsgID"] ?? f["MsgId"] ?? string.Empty, f["Status"] ?? string.Empty),
            _ => new UnknownEvent(header, name, NullIfEmpty(key)),
        };
    }

    /// <summary>What the menu scanner read; longer than any code this bot makes is refused rather than stored.</summary>
    private static string ScanResult(WireFields f)
    {
        var result = f["ScanCodeInfo.ScanResult"] ?? string.Empty;
        return result.Length <= MaxScanResult ? result : throw new FormatException($"ScanResult is longer than {MaxScanResult} characters");
    }

    private static string? SceneOf(string? eventKey) =>
        string.IsNullOrEmpty(eventKey) ? null
        : eventKey.StartsWith(QrScenePrefix, StringComparison.Ordinal) ? NullIfEmpty(eventKey[QrScenePrefix.Length..])
        : eventKey;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static double Number(WireFields f, string name, double? whenMissing = null)
    {
        var text = f[name];
        if (string.IsNullOrWhiteSpace(text) && whenMissing is { } fallback)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || Math.Abs(value) > 1e9)
        {
            throw new FormatException($"{name} is not a number");
        }

        return value;
    }

    /// <summary>OpenIDs are short URL-safe base64 strings; anything else is refused before it reaches the store.</summary>
    public static bool IsOpenId(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
