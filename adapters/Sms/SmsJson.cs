using System.Text.Encodings.Web;
using System.Text.Json;

namespace BranchBot.Adapters.Sms;

/// <summary>JSON helpers shared by the providers.</summary>
internal static class SmsJson
{
    /// <summary>Writes non-ASCII text as raw UTF-8 (张三, not \u5F20\u4E09); quotes and control characters are still escaped.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => value.GetRawText(),
            }
            : null;
}
