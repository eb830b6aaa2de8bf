using System.Globalization;
using BranchBot.Adapters.WeChat.Api;
using BranchBot.Core.Messaging;

namespace BranchBot.Adapters.WeChat.Protocol;

/// <summary>Writes passive-reply XML and the encrypted reply envelope.</summary>
public static class ReplyWriter
{
    /// <summary>The literal body that tells WeChat "nothing to say, don't retry".</summary>
    public const string Success = "success";

    /// <summary>The plain reply XML (text within WeChat's 2048 bytes), or <c>success</c> for <see cref="NoReply"/>.</summary>
    public static string Plain(Reply reply, MessageHeader to, DateTimeOffset now) => reply switch
    {
        TextReply text =>
            "<xml><ToUserName>" + WireXml.Cdata(to.OpenId) + "</ToUserName><FromUserName>" + WireXml.Cdata(to.Account) +
            "</FromUserName><CreateTime>" + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) +
            "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>" + WireXml.Cdata(WeChatTextLimits.Reply(text.Content)) + "</Content></xml>",
        _ => Success,
    };

    /// <summary>The safe-mode envelope: Encrypt, MsgSignature, TimeStamp (Unix seconds) and Nonce.</summary>
    public static string Envelope(string encrypt, string signature, long timestamp, string nonce) =>
        "<xml>\n<Encrypt>" + WireXml.Cdata(encrypt) + "</Encrypt>\n<MsgSignature>" + WireXml.Cdata(signature) +
        "</MsgSignature>\n<TimeStamp>" + timestamp.ToString(CultureInfo.InvariantCulture) + "</TimeStamp>\n<Nonce>" +
        WireXml.Cdata(nonce) + "</Nonce>\n</xml>";
}
