using System.Collections.Immutable;

namespace BranchBot.Core.Conversations;

/// <summary>
/// A member's conversation state: the active flow (if any), its step, and small string data.
/// Immutable: features return a changed copy, and the store saves it with a version check.
/// </summary>
public sealed record Session(string? Flow, string? Step, ImmutableDictionary<string, string> Data)
{
    public static Session Empty { get; } = new(null, null, ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));

    public bool InFlow => Flow is not null;

    public string? Get(string key) => Data.TryGetValue(key, out var value) ? value : null;

    public Session With(string key, string value) => this with { Data = Data.SetItem(key, value) };

    /// <summary>Enters <paramref name="flow"/> at <paramref name="step"/>, dropping the data of any previous flow.</summary>
    public Session Begin(string flow, string step) => new(flow, step, Empty.Data);

    /// <summary>Leaves the active flow and forgets its data.</summary>
    public Session End() => Empty;

    /// <summary>Same flow, step and data, whatever the dictionary instances.</summary>
    public bool SameAs(Session other) =>
        Flow == other.Flow && Step == other.Step && Data.Count == other.Data.Count &&
        Data.All(pair => other.Data.TryGetValue(pair.Key, out var v) && v == pair.Value);
}

/// <summary>A session as read from the store, with the version a save must match.</summary>
public sealed record SessionSnapshot(Session Session, long Version)
{
    public static SessionSnapshot New { get; } = new(Session.Empty, 0);
}
