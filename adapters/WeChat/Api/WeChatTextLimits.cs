using BranchBot.Core.Common;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>
/// WeChat's limit on a text message: 2048 bytes of content, for a passive reply and a customer-service message alike
/// (a longer customer-service text is refused with 45002). Long standings, help and lists are split or shortened at a
/// line break, never mid-character.
/// </summary>
public static class WeChatTextLimits
{
    public const int MaxTextBytes = 2048;

    /// <summary>A customer-service text goes out in at most this many messages (each costs the member's 48-hour quota).</summary>
    public const int MaxParts = 2;

    public const string Omitted = "\n……（内容较长，以下从略）";

    /// <summary>A passive reply: one message, shortened.</summary>
    public static string Reply(string text) => TextFit.ShortenUtf8(text, MaxTextBytes, Omitted);

    /// <summary>A customer-service text: split into at most <see cref="MaxParts"/> messages, the last shortened.</summary>
    public static IReadOnlyList<string> Messages(string text) => TextFit.SplitUtf8(text, MaxTextBytes, MaxParts, Omitted);
}
