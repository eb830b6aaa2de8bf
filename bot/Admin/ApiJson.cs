using System.Text.Json;

namespace BranchBot.Bot.Admin;

/// <summary>Reads a small JSON request body; every way it can be wrong becomes a JSON error, never an exception.</summary>
internal static class ApiJson
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext http, int maxBytes = 16 * 1024) where T : class
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return (null, TooLarge());
            }
        }

        if (buffer.Length == 0)
        {
            return (null, ApiErrors.BadRequest("请求体为空"));
        }

        var bytes = buffer.ToArray();
        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, ApiErrors.Json);
            return value is null ? (null, ApiErrors.BadRequest("请求体为空")) : (value, null);
        }
        catch (JsonException e)
        {
            // Well-formed JSON with a value of the wrong type (text for a number, a number too big): name the field.
            return (null, WellFormed(bytes) && FieldOf(e.Path) is { } field
                ? FieldError($"{field} 的值格式不对", field)
                : ApiErrors.BadRequest("请求不是有效的 JSON"));
        }
    }

    /// <summary>400 naming the form field that is wrong, so the console can show the message beside it.</summary>
    public static IResult FieldError(string message, string field) => Results.Json(new { error = message, field }, ApiErrors.Json, statusCode: 400);

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

    private static IResult TooLarge() => Results.Json(new { error = "请求体过大" }, ApiErrors.Json, statusCode: 413);
}
