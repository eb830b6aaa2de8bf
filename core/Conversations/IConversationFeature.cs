namespace BranchBot.Core.Conversations;

/// <summary>
/// A feature plugged into the router: it owns some commands and, while it is the session's active flow,
/// gets the member's messages first (except a message that is exactly a command word). Handlers must be pure functions of (turn, store reads): the router
/// may run a turn again when another message of the same member saved the session first.
/// </summary>
public interface IConversationFeature
{
    /// <summary>The flow name stored in the session while this feature is active.</summary>
    string Name { get; }

    IReadOnlyList<CommandSpec> Commands { get; }

    ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken);

    /// <summary>Handles a message while this feature is the active flow; may return <see cref="TurnResult.Declined"/>.</summary>
    ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken);
}

/// <summary>Sees events (follow, unfollow, QR scans, template results…) before the router's defaults.</summary>
public interface IEventObserver
{
    /// <summary>Returns a result to answer the event, or null to let the next observer or the default answer it.</summary>
    ValueTask<TurnResult?> OnEventAsync(Turn turn, CancellationToken cancellationToken);
}

/// <summary>Gets a message (text, location…) that neither the active flow nor a command took, before the router's default.</summary>
public interface IFallbackHandler
{
    /// <summary>Returns a result, or null to pass.</summary>
    ValueTask<TurnResult?> OnUnmatchedAsync(Turn turn, CancellationToken cancellationToken);
}

/// <summary>
/// An observer or fallback that answers a custom-menu button other than <c>click</c> (a scanner or a photo button),
/// so a menu that names the button's key can be checked before it is published.
/// </summary>
public interface IMenuButtonHandler
{
    /// <summary>The (button type, key) pairs this handler answers, e.g. (<c>scancode_waitmsg</c>, <c>SCAN_CHECKIN</c>).</summary>
    IReadOnlyCollection<(string Type, string Key)> MenuButtons { get; }
}
