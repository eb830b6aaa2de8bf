using BranchBot.Core.Messaging;

namespace BranchBot.Core.Conversations;

/// <summary>One inbound message as a feature sees it: the message, the member's session, and the time.</summary>
public sealed record Turn(IncomingMessage Message, Session Session, DateTimeOffset Now)
{
    public string OpenId => Message.Header.OpenId;

    /// <summary>The text the member said: a text message, or the speech recognition of a voice message.</summary>
    public string? Text => Message switch
    {
        TextMessage text => text.Content.Trim(),
        VoiceMessage { Recognition: { Length: > 0 } said } => said.Trim().TrimEnd('。', '.', '！', '!', '？', '?'),
        _ => null,
    };
}

/// <summary>What a feature decided: the reply and the session to save.</summary>
public sealed record TurnResult(Reply Reply, Session Session)
{
    /// <summary>Returned by an active flow for a message it does not take, so the router can try commands.</summary>
    public static TurnResult Declined { get; } = new(Reply.None, Session.Empty);

    public bool IsDeclined => ReferenceEquals(this, Declined);
}
