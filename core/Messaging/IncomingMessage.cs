namespace BranchBot.Core.Messaging;

/// <summary>Who sent a push, to which account, and when: common to every inbound message and event.</summary>
/// <param name="Account">The official account's original id (gh_…), WeChat's ToUserName.</param>
/// <param name="OpenId">The member's OpenID, WeChat's FromUserName.</param>
/// <param name="CreatedAt">When WeChat created the push (second precision, UTC).</param>
/// <param name="MsgId">The 64-bit message id of ordinary messages, kept as text; null for events.</param>
public sealed record MessageHeader(string Account, string OpenId, DateTimeOffset CreatedAt, string? MsgId);

/// <summary>A channel-neutral inbound message or event.</summary>
public abstract record IncomingMessage(MessageHeader Header);

public sealed record TextMessage(MessageHeader Header, string Content) : IncomingMessage(Header);

public sealed record ImageMessage(MessageHeader Header, string PicUrl, string MediaId) : IncomingMessage(Header);

/// <summary>A voice message; <paramref name="Recognition"/> is WeChat's speech-to-text when the account enabled it.</summary>
public sealed record VoiceMessage(MessageHeader Header, string MediaId, string Format, string? Recognition) : IncomingMessage(Header);

/// <summary>A video or short video (<paramref name="IsShort"/>).</summary>
public sealed record VideoMessage(MessageHeader Header, string MediaId, string ThumbMediaId, bool IsShort) : IncomingMessage(Header);

public sealed record LocationMessage(MessageHeader Header, double Latitude, double Longitude, int Scale, string Label) : IncomingMessage(Header);

public sealed record LinkMessage(MessageHeader Header, string Title, string Description, string Url) : IncomingMessage(Header);

/// <summary>A message type this bot does not know; kept so it can be answered politely.</summary>
public sealed record UnknownMessage(MessageHeader Header, string MsgType) : IncomingMessage(Header);
