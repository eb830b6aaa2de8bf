using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>Whether repeating a call can do harm: decides which failures the retry may repeat.</summary>
public enum CallSafety
{
    /// <summary>Safe to repeat (token fetch, template send with client_msg_id): retry on busy, network errors and timeouts.</summary>
    Idempotent,
    /// <summary>A repeat may deliver twice (customer-service send): retry only when WeChat said busy or nothing was sent.</summary>
    NotIdempotent,
}

/// <summary>
/// The one HTTP path to the WeChat API: raw UTF-8 JSON in and out, every call through a Polly pipeline
/// (retry with jittered backoff on retryable outcomes only, a shared circuit breaker, a per-attempt timeout).
/// </summary>
public sealed class WeChatHttp
{
    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Our own code for a download over its size limit (WeChat's codes are never below -1).</summary>
    public const int TooLargeCode = -4;

    /// <summary>The named <see cref="HttpClient"/> from the factory, so handlers rotate while this stays a singleton.</summary>
    public const string ClientName = "wechat-api";

    private readonly IHttpClientFactory _factory;
    private readonly Uri _baseAddress;
    private readonly ResiliencePipeline<ApiResult> _idempotent;
    private readonly ResiliencePipeline<ApiResult> _notIdempotent;
    private readonly ResiliencePipeline<ApiResult> _circuit;
    private readonly System.Threading.RateLimiting.RateLimiter _limiter;

    public WeChatHttp(IHttpClientFactory factory, IOptions<WeChatOptions> options, WeChatPipelines pipelines)
    {
        _factory = factory;
        _baseAddress = new Uri(options.Value.ApiBaseUrl.TrimEnd('/') + "/");
        _idempotent = pipelines.Idempotent;
        _notIdempotent = pipelines.NotIdempotent;
        _circuit = pipelines.Circuit;
        _limiter = pipelines.Limiter;
    }

    /// <summary>POSTs <paramref name="payload"/> to <paramref name="path"/> (e.g. <c>cgi-bin/message/custom/send</c>).</summary>
    public async Task<ApiResult> PostAsync(string path, JsonNode payload, string? accessToken, CallSafety safety, CancellationToken cancellationToken)
    {
        var url = accessToken is null ? path : path + "?access_token=" + Uri.EscapeDataString(accessToken);
        return await SendAsync(url, payload.ToJsonString(Json), safety == CallSafety.Idempotent ? _idempotent : _notIdempotent, cancellationToken);
    }

    /// <summary>GETs <paramref name="path"/> (a read such as <c>cgi-bin/menu/get</c>): always safe to repeat.</summary>
    public Task<ApiResult> GetAsync(string path, string accessToken, CancellationToken cancellationToken) =>
        SendAsync(path + "?access_token=" + Uri.EscapeDataString(accessToken), body: null, _idempotent, cancellationToken);

    /// <summary>
    /// GETs a file: <paramref name="url"/> is a path under the API (with the token) or an absolute address. A non-JSON
    /// answer of at most <paramref name="maxBytes"/> comes back as <see cref="ApiResult.Media"/>; a JSON one is an error.
    /// </summary>
    public Task<ApiResult> DownloadAsync(string url, int maxBytes, CancellationToken cancellationToken) =>
        SendAsync(url, body: null, _idempotent, cancellationToken, maxBytes);

    private async Task<ApiResult> SendAsync(string url, string? body, ResiliencePipeline<ApiResult> pipeline, CancellationToken cancellationToken, int? download = null)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(
                static (state, ct) => state.self._circuit.ExecuteAsync(
                    static async (inner, ct2) => await inner.self.SendOnceAsync(inner.url, inner.body, inner.download, ct2), state, ct),
                (self: this, url, body, download),
                cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            return ApiResult.Failure(ApiErrorKind.CircuitOpen, "WeChat API circuit is open after repeated failures");
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or IOException)
        {
            return ApiResult.Failure(ApiErrorKind.Network, e.GetType().Name + ": " + e.Message);
        }
    }

    private async ValueTask<ApiResult> SendOnceAsync(string url, string? body, int? download, CancellationToken cancellationToken)
    {
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");
        var http = _factory.CreateClient(ClientName);
        http.Timeout = Timeout.InfiniteTimeSpan;
        using var response = content is null
            ? await http.GetAsync(new Uri(_baseAddress, url), cancellationToken)
            : await http.PostAsync(new Uri(_baseAddress, url), content, cancellationToken);
        if (download is { } maxBytes && response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType is { } type
            && !type.Contains("json", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadMediaAsync(response.Content, type, maxBytes, cancellationToken);
        }

        if (response.StatusCode >= HttpStatusCode.InternalServerError)
        {
            return new ApiResult(-1, $"HTTP {(int)response.StatusCode}", ApiErrorKind.Transient, default);
        }

        if (!response.IsSuccessStatusCode)
        {
            return new ApiResult((int)response.StatusCode, $"HTTP {(int)response.StatusCode}", ApiErrorKind.Permanent, default);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement.Clone();
            var code = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errcode", out var c) && c.TryGetInt32(out var n) ? n : 0;
            var message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errmsg", out var m) ? m.ToString() : string.Empty;
            return new ApiResult(code, message, ApiResult.Classify(code), root);
        }
        catch (JsonException)
        {
            return new ApiResult(-1, "answer is not JSON", ApiErrorKind.Transient, default);
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/>; a larger file is refused rather than held in memory whole.</summary>
    private static async Task<ApiResult> ReadMediaAsync(HttpContent content, string contentType, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            return new ApiResult(TooLargeCode, "file too large", ApiErrorKind.Permanent, default);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new ApiResult(TooLargeCode, "file too large", ApiErrorKind.Permanent, default);
            }

            buffer.Write(chunk, 0, read);
        }

        return new ApiResult(0, "ok", ApiErrorKind.None, default) { Media = new MediaContent(buffer.ToArray(), contentType) };
    }
}
