using System.Buffers;
using System.Text;
using System.Text.Json;

namespace BranchBot.Core.Conversations;

/// <summary>
/// The one serialised form of a session, shared by every store adapter: <c>{"f":flow,"v":version,"d":state}</c>, the
/// flow's state written as it is (its own JSON). Sessions written before versions existed read with version 0, which
/// no flow's codec accepts, so their flows start afresh.
/// </summary>
public static class SessionCodec
{
    public static string Encode(Session session)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (session.Flow is not null)
            {
                writer.WriteString("f"u8, session.Flow);
                writer.WriteNumber("v"u8, session.Version);
            }

            if (!string.IsNullOrEmpty(session.State))
            {
                writer.WritePropertyName("d"u8);
                writer.WriteRawValue(session.State, skipInputValidation: false);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Decodes a stored session; an empty or unreadable value is a fresh session, never an error.</summary>
    public static Session Decode(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return Session.Empty;
        }

        try
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Session.Empty;
            }

            string? flow = null;
            string? state = null;
            var version = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isFlow = reader.ValueTextEquals("f"u8);
                var isVersion = reader.ValueTextEquals("v"u8);
                var isState = reader.ValueTextEquals("d"u8);
                reader.Read();
                if (isFlow && reader.TokenType == JsonTokenType.String)
                {
                    flow = reader.GetString();
                }
                else if (isVersion && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v))
                {
                    version = v;
                }
                else if (isState)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    state = Encoding.UTF8.GetString(bytes, start, (int)reader.BytesConsumed - start);
                }
                else
                {
                    reader.Skip();
                }
            }

            return flow is null ? Session.Empty : new Session(flow, version, state);
        }
        catch (JsonException)
        {
            return Session.Empty;
        }
    }
}
