using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BranchBot.Core.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.Sms.Tencent;

/// <summary>
/// Tencent Cloud SMS <c>SendSms</c> (API 2021-01-11): a JSON POST signed with TC3-HMAC-SHA256 over the content-type
/// and host headers. Each attempt is signed afresh with the current X-TC-Timestamp; SessionContext carries our correlation id.
/// </summary>
internal sealed class TencentSmsSender : ISmsSender, IDisposable
{
    /// <summary>The named <see cref="HttpClient"/> from the factory.</summary>
    public const string ClientName = "sms-tencent";

    internal const string Service = "sms";
    internal const string ContentType = "application/json; charset=utf-8";

    private readonly IHttpClientFactory _http;
    private readonly TencentSmsOptions _account;
    private readonly string _signName;
    private readonly Uri _endpoint;
    private readonly string _host;
    private readonly SmsMessageCheck _check;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public TencentSmsSender(IHttpClientFactory http, IOptions<SmsOptions> options, TimeProvider time, ILogger<TencentSmsSender> logger, ILoggerFactory? loggerFactory = null)
    {
        var o = options.Value;
        _http = http;
        _account = o.Tencent;
        _signName = o.SignName;
        _endpoint = new Uri(o.Tencent.Endpoint.TrimEnd('/') + "/");
        _host = _endpoint.Authority;
        _check = new SmsMessageCheck(o.Templates, o.Tencent.MaxParameterLength);
        _time = time;
        _logger = logger;
        Pipeline = new SmsPipeline(Provider, o, time, loggerFactory);
    }

    public string Provider => SmsOptions.TencentProvider;

    internal SmsPipeline Pipeline { get; }

    public async Task<SmsResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var result = _check.Check(message, out var templateId, out var phone, out var parameters);
        if (result is null)
        {
            var body = Body(PhoneNumber.ToE164(phone), _account.SdkAppId, _signName, templateId, parameters, message.CorrelationId);
            result = await Pipeline.ExecuteAsync(ct => SendOnceAsync(body, ct), cancellationToken);
        }

        if (result.Sent)
        {
            Log.SmsSent(_logger, Provider, PhoneNumber.Mask(message.Phone), message.Template, message.CorrelationId, result.ProviderMessageId);
        }
        else
        {
            Log.SmsNotSent(_logger, Provider, PhoneNumber.Mask(message.Phone), message.Template, message.CorrelationId, result.ErrorCode, result.Error, result.Retryable);
        }

        return result;
    }

    /// <summary>The request body as raw UTF-8 JSON; TemplateParamSet holds the parameter values in template order.</summary>
    internal static byte[] Body(string e164, string sdkAppId, string signName, string templateId, IReadOnlyList<KeyValuePair<string, string>> parameters, string correlationId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SmsJson.Encoder }))
        {
            json.WriteStartObject();
            json.WriteStartArray("PhoneNumberSet");
            json.WriteStringValue(e164);
            json.WriteEndArray();
            json.WriteString("SmsSdkAppId", sdkAppId);
            json.WriteString("SignName", signName);
            json.WriteString("TemplateId", templateId);
            json.WriteStartArray("TemplateParamSet");
            foreach (var (_, value) in parameters)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
            json.WriteString("SessionContext", correlationId);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async ValueTask<SmsAttempt> SendOnceAsync(byte[] body, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.Host = _host;
        request.Headers.TryAddWithoutValidation("X-TC-Action", "SendSms");
        request.Headers.TryAddWithoutValidation("X-TC-Version", "2021-01-11");
        request.Headers.TryAddWithoutValidation("X-TC-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("X-TC-Region", _account.Region);
        request.Headers.TryAddWithoutValidation("Authorization",
            Tc3Signature.Authorization(_account.SecretId, _account.SecretKey, Service, timestamp, ContentType, _host, body));

        var http = _http.CreateClient(ClientName);
        http.Timeout = Timeout.InfiniteTimeSpan;
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return Interpret(response.StatusCode, text);
    }

    internal static SmsAttempt Interpret(HttpStatusCode status, string body)
    {
        if (status >= HttpStatusCode.InternalServerError)
        {
            return SmsAttempt.Transient($"HTTP {(int)status}", $"Tencent Cloud answered HTTP {(int)status}");
        }

        JsonElement response;
        try
        {
            using var document = JsonDocument.Parse(body);
            response = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Response", out var r)
                ? r.Clone()
                : default;
        }
        catch (JsonException)
        {
            response = default;
        }

        if (response.ValueKind != JsonValueKind.Object)
        {
            var http = $"HTTP {(int)status}";
            return status >= HttpStatusCode.BadRequest
                ? SmsAttempt.Final(http, $"Tencent Cloud refused the call with {http}")
                : SmsAttempt.Final(http, $"Tencent Cloud answered {http} without a readable result; the text may have been sent, so it is not retried");
        }

        if (response.TryGetProperty("Error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            return TencentErrors.Classify(SmsJson.String(error, "Code") ?? "Error", SmsJson.String(error, "Message") ?? string.Empty);
        }

        if (response.TryGetProperty("SendStatusSet", out var set) && set.ValueKind == JsonValueKind.Array && set.GetArrayLength() > 0)
        {
            var status0 = set[0];
            var code = SmsJson.String(status0, "Code") ?? string.Empty;
            return code.Equals("Ok", StringComparison.OrdinalIgnoreCase)
                ? SmsAttempt.Sent(SmsJson.String(status0, "SerialNo"))
                : TencentErrors.Classify(code, SmsJson.String(status0, "Message") ?? string.Empty);
        }

        return SmsAttempt.Final("NoSendStatus", "Tencent Cloud answered without a send status; the text may have been sent, so it is not retried");
    }

    public void Dispose() => Pipeline.Dispose();
}
