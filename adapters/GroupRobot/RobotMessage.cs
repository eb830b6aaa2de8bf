using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>The wire form of a markdown message: <c>{"msgtype":"markdown","markdown":{"content":"…"}}</c>, raw UTF-8.</summary>
internal static class RobotMessage
{
    /// <summary>The robot refuses markdown content longer than this many UTF-8 bytes (errcode 40058).</summary>
    public const int ContentLimitBytes = 4096;

    /// <summary>Writes non-ASCII text as raw UTF-8 (党支部, not \u515A…); quotes and control characters are still escaped.</summary>
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The longest prefix of <paramref name="content"/> that fits the limit without splitting a character.</summary>
    public static string Truncate(string content, int limitBytes = ContentLimitBytes)
    {
        if (Encoding.UTF8.GetMaxByteCount(content.Length) <= limitBytes || Encoding.UTF8.GetByteCount(content) <= limitBytes)
        {
            return content;
        }

        var bytes = 0;
        var chars = 0;
        foreach (var rune in content.EnumerateRunes())
        {
            // A lone surrogate comes back as U+FFFD: one UTF-16 unit, three bytes once written, as counted here.
            var size = rune.Utf8SequenceLength;
            if (bytes + size > limitBytes)
            {
                break;
            }

            bytes += size;
            chars += rune.Utf16SequenceLength;
        }

        return content[..chars];
    }

    public static byte[] Body(string content)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder }))
        {
            json.WriteStartObject();
            json.WriteString("msgtype", "markdown");
            json.WriteStartObject("markdown");
            json.WriteString("content", content);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
