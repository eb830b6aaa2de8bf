using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Adapters.WeChat.Protocol;

/// <summary>
/// WeChat's side of the push protocol: writes a push and signs (and optionally encrypts) it exactly as WeChat does.
/// Used by the console chat, the tests and the load tool, never by the webhook itself.
/// </summary>
public sealed class PushComposer(string token, string appId, string? encodingAesKey)
{
    private readonly MessageCrypt? _crypt = string.IsNullOrEmpty(encodingAesKey) ? null : new MessageCrypt(encodingAesKey, appId);

    public static string Text(string account, string openId, long createTime, string content, long msgId) =>
        Xml(account, openId, createTime, "text", ("Content", content), ("MsgId", msgId.ToString(CultureInfo.InvariantCulture)));

    public static string Event(string account, string openId, long createTime, string eventName, string? eventKey = null, params (string Name, string Value)[] extra) =>
        Xml(account, openId, createTime, "event", [("Event", eventName), .. eventKey is null ? [] : new[] { ("EventKey", eventKey) }, .. extra]);

    /// <summary>A menu scanner button's push (<c>scancode_waitmsg</c>): what WeChat's scanner read, in <c>ScanCodeInfo</c>.</summary>
    public static string MenuScan(string account, string openId, long createTime, string key, string result, string eventName = "scancode_waitmsg") =>
        Xml(account, openId, createTime, "event", ("Event", eventName), ("EventKey", key)).Replace("</xml>",
            "<ScanCodeInfo><ScanType>" + WireXml.Cdata("qrcode") + "</ScanType><ScanResult>" + WireXml.Cdata(result) + "</ScanResult></ScanCodeInfo>\n</xml>", StringComparison.Ordinal);

    /// <summary>A menu photo button's push (<c>pic_photo_or_album</c>); the photos follow as image messages.</summary>
    public static string MenuPhotos(string account, string openId, long createTime, string key, int count, string eventName = "pic_photo_or_album") =>
        Xml(account, openId, createTime, "event", ("Event", eventName), ("EventKey", key)).Replace("</xml>",
            "<SendPicsInfo><Count>" + count.ToString(CultureInfo.InvariantCulture) + "</Count><PicList><item><PicMd5Sum>" + WireXml.Cdata("1b5f7c23b5bf75682a53e7b6d163e185") + "</PicMd5Sum></item></PicList></SendPicsInfo>\n</xml>", StringComparison.Ordinal);

    public static string Image(string account, string openId, long createTime, string picUrl, string mediaId, long msgId) =>
        Xml(account, openId, createTime, "image", ("PicUrl", picUrl), ("MediaId", mediaId), ("MsgId", msgId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A push with any fields, values in CDATA.</summary>
    public static string Xml(string account, string openId, long createTime, string msgType, params (string Name, string Value)[] fields)
    {
        var builder = new StringBuilder("<xml>");
        builder.Append("<ToUserName>").Append(WireXml.Cdata(account)).Append("</ToUserName>\n");
        builder.Append("<FromUserName>").Append(WireXml.Cdata(openId)).Append("</FromUserName>\n");
        builder.Append("<CreateTime>").Append(createTime.ToString(CultureInfo.InvariantCulture)).Append("</CreateTime>\n");
        builder.Append("<MsgType>").Append(WireXml.Cdata(msgType)).Append("</MsgType>\n");
        foreach (var (name, value) in fields)
        {
            builder.Append('<').Append(name).Append('>').Append(WireXml.Cdata(value)).Append("</").Append(name).Append(">\n");
        }

        return builder.Append("</xml>").ToString();
    }

    /// <summary>The query string and body WeChat would send for <paramref name="xml"/>.</summary>
    public SignedPush Sign(string xml, string openId, long timestamp, bool encrypt, string? nonce = null)
    {
        nonce ??= RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        var query = new List<KeyValuePair<string, string>>
        {
            new("signature", Signature.Compute(token, ts, nonce)),
            new("timestamp", ts),
            new("nonce", nonce),
            new("openid", openId),
        };
        if (!encrypt)
        {
            return new SignedPush(query, xml);
        }

        var crypt = _crypt ?? throw new InvalidOperationException("An EncodingAESKey is needed to encrypt.");
        var encrypted = crypt.Encrypt(xml);
        query.Add(new("encrypt_type", "aes"));
        query.Add(new("msg_signature", Signature.Compute(token, ts, nonce, encrypted)));
        var to = xml.Contains("<ToUserName>", StringComparison.Ordinal) ? ExtractAccount(xml) : string.Empty;
        var body = "<xml><ToUserName>" + WireXml.Cdata(to) + "</ToUserName><Encrypt>" + WireXml.Cdata(encrypted) + "</Encrypt></xml>";
        return new SignedPush(query, body);
    }

    /// <summary>Reads a reply as WeChat would: verifies and decrypts the envelope when there is one.</summary>
    public ReplyReading ReadReply(string body)
    {
        if (body == ReplyWriter.Success || body.Length == 0)
        {
            return new ReplyReading(null, null, IsSuccess: true);
        }

        var fields = WireXml.TryParse(body, out var error) ?? throw new FormatException("reply is not XML: " + error);
        if (fields["Encrypt"] is not { } encrypted)
        {
            return new ReplyReading(fields["Content"], fields, IsSuccess: false);
        }

        if (!Signature.Matches(fields["MsgSignature"], token, fields["TimeStamp"] ?? string.Empty, fields["Nonce"] ?? string.Empty, encrypted))
        {
            throw new FormatException("reply MsgSignature does not verify");
        }

        var decrypted = (_crypt ?? throw new InvalidOperationException("no EncodingAESKey")).Decrypt(encrypted);
        var inner = WireXml.TryParse(decrypted.Message ?? throw new FormatException("reply cannot be decrypted: " + decrypted.Error), out error)
            ?? throw new FormatException("decrypted reply is not XML: " + error);
        return new ReplyReading(inner["Content"], inner, IsSuccess: false);
    }

    private static string ExtractAccount(string xml) => WireXml.TryParse(xml, out _)?["ToUserName"] ?? string.Empty;
}

/// <summary>A push ready to send: its query parameters and body.</summary>
public sealed record SignedPush(IReadOnlyList<KeyValuePair<string, string>> Query, string Body)
{
    public string PathAndQuery(string path = "/wechat") =>
        path + "?" + string.Join('&', Query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
}

/// <summary>A reply as the member would see it: the text content (if any) and all fields.</summary>
public sealed record ReplyReading(string? Content, WireFields? Fields, bool IsSuccess);
