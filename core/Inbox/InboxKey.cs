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

    private static string EventDetail(IncomingEvent e) => e switch
    {
        SubscribeEvent s => (s.Scene ?? string.Empty) + ":" + (s.Ticket ?? string.Empty),
        ScanEvent s => s.Scene + ":" + (s.Ticket ?? string.Empty),
        MenuClickEvent c => c.Key,
        MenuViewEvent v => v.Url,
        MenuScanEvent s => s.Key + ":" + s.Result,
        MenuPhotoEvent p => p.Key + ":" + p.Count.ToString(CultureInfo.InvariantCulture),
        TemplateSendFinishedEvent t => t.TemplateMsgId,
        LocationReportEvent l => string.Create(CultureInfo.InvariantCulture, $"{l.Latitude}:{l.Longitude}"),
        UnknownEvent u => u.Key ?? string.Empty,
        _ => string.Empty,
    };
}
