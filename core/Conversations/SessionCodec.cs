using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BranchBot.Core.Conversations;

/// <summary>The one serialised form of a session, shared by every store adapter.</summary>
public static partial class SessionCodec
{
    public static string Encode(Session session) =>
        JsonSerializer.Serialize(new Wire(session.Flow, session.Step, session.Data.Count == 0 ? null : session.Data), WireContext.Default.Wire);

    /// <summary>Decodes a stored session; an empty or unreadable value is a fresh session, never an error.</summary>
    public static Session Decode(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return Session.Empty;
        }

        try
        {
            var wire = JsonSerializer.Deserialize(json, WireContext.Default.Wire);
            if (wire is null)
            {
                return Session.Empty;
            }

            var data = wire.D is null ? Session.Empty.Data : Session.Empty.Data.SetItems(wire.D);
            return new Session(wire.F, wire.S, data);
        }
        catch (JsonException)
        {
            return Session.Empty;
        }
    }

    internal sealed record Wire(
        [property: JsonPropertyName("f")] string? F,
        [property: JsonPropertyName("s")] string? S,
        [property: JsonPropertyName("d")] IReadOnlyDictionary<string, string>? D);

    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(Wire))]
    internal sealed partial class WireContext : JsonSerializerContext;
}
