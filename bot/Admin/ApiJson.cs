using System.Text.Json;

namespace BranchBot.Bot.Admin;

/// <summary>Reads a small JSON request body; every way it can be wrong becomes a JSON error, never an exception.</summary>
internal static class ApiJson
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext http, int maxBytes = 16 * 1024) where T : class
    {
        var bytes = await ApiRequests.ReadCappedAsync(http.Request, maxBytes, http.RequestAborted);
        if (bytes is null)
        {
            return (null, ApiErrors.TooLarge("请求体过大"));
        }

        if (bytes.Length == 0)
        {
            return (null, ApiErrors.BadRequest("请求体为空"));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, ApiErrors.Json);
            return value is null ? (null, ApiErrors.BadRequest("请求体为空")) : (value, null);
        }
        catch (JsonException e)
        {
            // Well-formed JSON with a value of the wrong type (text for a number, a number too big): name the field.
            return (null, WellFormed(bytes) && FieldOf(e.Path) is { } field
                ? ApiErrors.FieldError(field, $"{field} 的值格式有误")
                : ApiErrors.BadRequest("请求不是有效的 JSON"));
        }
    }

    /// <summary>The top-level property a serializer path such as <c>$.attendeeIds[0]</c> points into; null for the root or an odd name.</summary>
    internal static string? FieldOf(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }

        var name = path[2..];
        var end = name.IndexOfAny(['.', '[']);
        name = end < 0 ? name : name[..end];
        return name.Length is > 0 and <= 40 && name.All(char.IsAsciiLetterOrDigit) ? name : null;
    }

    private static bool WellFormed(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
