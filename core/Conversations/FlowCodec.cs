using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BranchBot.Core.Conversations;

/// <summary>
/// The one way a flow's state enters and leaves the session: its record, serialised with the flow's name and the
/// version of the record's shape. A session of another flow, of another version (written before an upgrade changed
/// the shape) or unreadable reads as null, and the flow starts afresh (<see cref="FlowRestart"/>) instead of failing.
/// </summary>
public sealed class FlowCodec<T>(string flow, int version, JsonTypeInfo<T> typeInfo)
    where T : class
{
    public string Flow => flow;

    public int Version => version;

    public Session Write(T state) => new(flow, version, JsonSerializer.Serialize(state, typeInfo));

    public T? Read(Session session)
    {
        if (session.Flow != flow || session.Version != version || string.IsNullOrEmpty(session.State))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(session.State, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The polite answer when a flow's saved state can no longer be read: the flow ends and names its command.</summary>
public static class FlowRestart
{
    public static TurnResult Reply(string command) =>
        new(Messaging.Reply.Text(string.Format(System.Globalization.CultureInfo.InvariantCulture, RouterTexts.FlowExpired, command)), Session.Empty);
}
