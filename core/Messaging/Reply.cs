namespace BranchBot.Core.Messaging;

/// <summary>What the bot answers to one inbound push.</summary>
public abstract record Reply
{
    /// <summary>Nothing to say: the transport answers WeChat's <c>success</c>.</summary>
    public static Reply None { get; } = new NoReply();

    public static Reply Text(string content) => new TextReply(content);
}

public sealed record TextReply(string Content) : Reply;

public sealed record NoReply : Reply;
