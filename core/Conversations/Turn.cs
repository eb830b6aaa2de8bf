using BranchBot.Core.Members;
using BranchBot.Core.Messaging;
using BranchBot.Core.Study;

namespace BranchBot.Core.Conversations;

/// <summary>
/// One inbound message as a feature sees it: the message, the member's session, the time, and the roster member
/// bound to the sender (null when unbound).
/// </summary>
public sealed record Turn(IncomingMessage Message, Session Session, DateTimeOffset Now, MemberProfile? Member = null)
{
    public string OpenId => Message.Header.OpenId;

    /// <summary>The parametric QR scene of a SCAN, or of a follow through a QR code (prefix already removed); else null.</summary>
    public string? Scene => Message switch
    {
        ScanEvent scan => scan.Scene,
        SubscribeEvent follow => follow.Scene,
        _ => null,
    };

    /// <summary>An id derived from this push alone, the same when the turn runs again after a save conflict.</summary>
    public string StableId(string salt)
    {
        var source = Message.Header.OpenId + "|" + (Message.Header.MsgId ?? Message.Header.CreatedAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)) + "|" + salt;
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)))[..12];
    }

    /// <summary>The text the member said: a text message, or the speech recognition of a voice message.</summary>
    public string? Text => Message switch
    {
        TextMessage text => text.Content.Trim(),
        VoiceMessage { Recognition: { Length: > 0 } said } => said.Trim().TrimEnd('。', '.', '！', '!', '？', '?'),
        _ => null,
    };
}

/// <summary>
/// What a feature decided: the reply, the session to save, and the ranking increments of points it awarded
/// (applied together with the session save, in the same store round trip).
/// </summary>
public sealed record TurnResult(Reply Reply, Session Session, IReadOnlyList<RankingUpdate>? Rankings = null)
{
    /// <summary>Returned by an active flow for a message it does not take, so the router can try commands.</summary>
    public static TurnResult Declined { get; } = new(Reply.None, Session.Empty) { IsDeclined = true };

    /// <summary>Declines, but if no command takes the message either, the router answers with <paramref name="hint"/>.</summary>
    public static TurnResult DeclineWith(string hint) => new(Reply.Text(hint), Session.Empty) { IsDeclined = true };

    public bool IsDeclined { get; private init; }
}
