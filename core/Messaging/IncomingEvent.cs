namespace BranchBot.Core.Messaging;

/// <summary>An event push (MsgType=event). <see cref="Name"/> is WeChat's Event value as sent.</summary>
public abstract record IncomingEvent(MessageHeader Header, string Name) : IncomingMessage(Header);

/// <summary>A follow; <paramref name="Scene"/> is the QR scene with the <c>qrscene_</c> prefix already removed.</summary>
public sealed record SubscribeEvent(MessageHeader Header, string Name, string? Scene, string? Ticket) : IncomingEvent(Header, Name);

public sealed record UnsubscribeEvent(MessageHeader Header, string Name) : IncomingEvent(Header, Name);

/// <summary>An already-following member scanned a parametric QR code.</summary>
public sealed record ScanEvent(MessageHeader Header, string Name, string Scene, string? Ticket) : IncomingEvent(Header, Name);

public sealed record MenuClickEvent(MessageHeader Header, string Name, string Key) : IncomingEvent(Header, Name);

/// <summary>
/// A menu scanner button (<c>scancode_waitmsg</c> or <c>scancode_push</c>): WeChat scanned a code and pushes what it
/// read, <paramref name="Result"/> (<c>ScanCodeInfo/ScanResult</c>), of type <paramref name="ScanType"/> (qrcode, barcode…).
/// </summary>
public sealed record MenuScanEvent(MessageHeader Header, string Name, string Key, string ScanType, string Result) : IncomingEvent(Header, Name);

/// <summary>
/// A menu photo button (<c>pic_sysphoto</c>, <c>pic_photo_or_album</c>, <c>pic_weixin</c>): the member chose
/// <paramref name="Count"/> photos, which follow as image messages.
/// </summary>
public sealed record MenuPhotoEvent(MessageHeader Header, string Name, string Key, int Count) : IncomingEvent(Header, Name);

public sealed record MenuViewEvent(MessageHeader Header, string Name, string Url) : IncomingEvent(Header, Name);

/// <summary>The periodic location report WeChat sends when the member allowed it.</summary>
public sealed record LocationReportEvent(MessageHeader Header, string Name, double Latitude, double Longitude, double Precision) : IncomingEvent(Header, Name);

/// <summary>Result of a template message; <paramref name="TemplateMsgId"/> comes from the <c>MsgID</c> element.</summary>
public sealed record TemplateSendFinishedEvent(MessageHeader Header, string Name, string TemplateMsgId, string Status) : IncomingEvent(Header, Name);

/// <summary>An event this bot does not handle; <paramref name="Key"/> is its EventKey, if any.</summary>
public sealed record UnknownEvent(MessageHeader Header, string Name, string? Key) : IncomingEvent(Header, Name);
