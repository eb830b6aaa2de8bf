using System.Text.Json;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>What kind of failure an API answer is, which decides retry, token refresh or giving up.</summary>
public enum ApiErrorKind
{
    None,
    /// <summary>-1 system busy: retry with backoff.</summary>
    Transient,
    /// <summary>40001/40014/42001: the access token is stale; refresh it (compare-and-refresh) and retry once.</summary>
    TokenInvalid,
    /// <summary>45011 per-minute quota: retry after the minute, not now.</summary>
    RateLimited,
    /// <summary>45009 daily quota: nothing works until tomorrow; alert.</summary>
    QuotaExhausted,
    /// <summary>45015/45047/43004/43101: the member cannot be reached by this channel now; fall back to another.</summary>
    RecipientUnreachable,
    /// <summary>Bad request, permission or configuration: retrying cannot help.</summary>
    Permanent,
    /// <summary>No usable HTTP answer (connection, timeout, non-JSON) after the retries.</summary>
    Network,
    /// <summary>The circuit breaker is open after repeated failures.</summary>
    CircuitOpen,
}

/// <summary>One WeChat API answer. WeChat reports errors as <c>errcode</c> inside an HTTP 200.</summary>
public sealed record ApiResult(int ErrCode, string ErrMsg, ApiErrorKind Kind, JsonElement Body)
{
    public bool Ok => Kind == ApiErrorKind.None;

    /// <summary>The bytes of a media download (media/get answers the file itself, not JSON, when it succeeds).</summary>
    public MediaContent? Media { get; init; }

    public static ApiResult Failure(ApiErrorKind kind, string message) => new(kind == ApiErrorKind.CircuitOpen ? -2 : -3, message, kind, default);

    public static ApiErrorKind Classify(int errCode) => errCode switch
    {
        0 => ApiErrorKind.None,
        -1 => ApiErrorKind.Transient,
        40001 or 40014 or 42001 => ApiErrorKind.TokenInvalid,
        45011 => ApiErrorKind.RateLimited,
        45009 => ApiErrorKind.QuotaExhausted,
        45015 or 45047 or 43004 or 43101 => ApiErrorKind.RecipientUnreachable,
        _ => ApiErrorKind.Permanent,
    };

    public string? GetString(string property) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public long? GetInt64(string property) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}

/// <summary>A downloaded file and the content type WeChat gave it.</summary>
public sealed record MediaContent(byte[] Bytes, string ContentType);
