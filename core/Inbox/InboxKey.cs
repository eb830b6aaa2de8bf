using System.Globalization;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Inbox;

/// <summary>
/// The de-duplication key of one push. WeChat retries the same payload, so the key is built from
/// the payload only: account + member + MsgId for messages, and for events (which have no MsgId)
/// CreateTime + Event + the event's own key. Never from timestamp or nonce, which may change on retry.
/// </summary>
public static class InboxKey
{
    public static string For(IncomingMessage message)
    {
        var header = message.Header;
        var id = message switch
        {
            IncomingEvent e => string.Join(':', "e", header.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), e.Name.ToUpperInvariant(), EventDetail(e)),
            _ when !string.IsNullOrEmpty(header.MsgId) => "m:" + header.MsgId,
            _ => "t:" + header.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + message.GetType().Name,
        };
        return header.Account + "|" + id;
    }

    /// <summary>A scanned text as it is when short, else a digest of it, so a long scan makes no long key.</summary>
    private static string Short(string text) => text.Length <= 64 ? text
        : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    private static string EventDetail(IncomingEvent e) => e switch
    {
        SubscribeEvent s => (s.Scene ?? string.Empty) + ":" + (s.Ticket ?? string.Empty),
        ScanEvent s => s.Scene + ":" + (s.Ticket ?? string.Empty),
        MenuClickEvent c => c.Key,
        MenuViewEvent v => v.Url,
        MenuScanEvent s => s.Key + ":" + Short(s.Result),
        MenuPhotoEvent p => p.Key + ":" + p.Count.ToString(CultureInfo.InvariantCulture),
        TemplateSendFinishedEvent t => t.TemplateMsgId,
        LocationReportEvent l => string.Create(CultureInfo.InvariantCulture, $"{l.Latitude}:{l.Longitude}"),
        UnknownEvent u => u.Key ?? string.Empty,
        _ => string.Empty,
    };
}
