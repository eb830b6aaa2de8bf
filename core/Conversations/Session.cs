namespace BranchBot.Core.Conversations;

/// <summary>
/// A member's conversation state: the active flow (if any), the version of that flow's state shape, and the state
/// itself as the flow's own record, serialised. Only the flow's <see cref="FlowCodec{T}"/> reads or writes
/// <see cref="State"/>. Immutable: features return a changed copy, and the store saves it with a version check.
/// </summary>
public sealed record Session(string? Flow, int Version, string? State)
{
    public static Session Empty { get; } = new(null, 0, null);

    public bool InFlow => Flow is not null;

    /// <summary>Leaves the active flow and forgets its state.</summary>
    public Session End() => Empty;
}

/// <summary>A session as read from the store, with the version a save must match.</summary>
public sealed record SessionSnapshot(Session Session, long Version)
{
    public static SessionSnapshot New { get; } = new(Session.Empty, 0);
}
