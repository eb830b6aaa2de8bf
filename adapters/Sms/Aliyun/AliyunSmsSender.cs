using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BranchBot.Core.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.Sms.Aliyun;

/// <summary>
/// Aliyun SMS <c>SendSms</c> (API 2017-05-25), RPC style: every parameter in a POST form, signed with HMAC-SHA1.
/// Each attempt is signed afresh (new SignatureNonce and Timestamp); OutId carries our correlation id.
/// </summary>
internal sealed class AliyunSmsSender : ISmsSender, IDisposable
{
    /// <summary>The named <see cref="HttpClient"/> from the factory.</summary>
    public const string ClientName = "sms-aliyun";

    private readonly IHttpClientFactory _http;
    private readonly AliyunSmsOptions _account;
    private readonly string _signName;
    private readonly Uri _endpoint;
    private readonly SmsMessageCheck _check;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AliyunSmsSender(IHttpClientFactory http, IOptions<SmsOptions> options, TimeProvider time, ILogger<AliyunSmsSender> logger, ILoggerFactory? loggerFactory = null)
    {
        var o = options.Value;
        _http = http;
        _account = o.Aliyun;
        _signName = o.SignName;
        _endpoint = new Uri(o.Aliyun.Endpoint.TrimEnd('/') + "/");
        _check = new SmsMessageCheck(o.Templates, o.Aliyun.MaxParameterLength);
        _time = time;
        _logger = logger;
        Pipeline = new SmsPipeline(Provider, o, time, loggerFactory);
    }

    public string Provider => SmsOptions.AliyunProvider;

    internal SmsPipeline Pipeline { get; }

    public async Task<SmsResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var result = _check.Check(message, out var templateCode, out var phone, out var parameters);
        if (result is null)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Action"] = "SendSms",
                ["Version"] = "2017-05-25",
                ["Format"] = "JSON",
                ["RegionId"] = _account.RegionId,
                ["PhoneNumbers"] = phone,
                ["SignName"] = _signName,
                ["TemplateCode"] = templateCode,
                ["OutId"] = message.CorrelationId,
            };
            if (parameters.Count > 0)
            {
                fields["TemplateParam"] = TemplateParam(parameters);
            }

            result = await Pipeline.ExecuteAsync(ct => SendOnceAsync(fields, ct), cancellationToken);
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

    /// <summary>The parameters as one JSON object by name, in order, as raw UTF-8 (Chinese stays Chinese, no \u escapes).</summary>
    internal static string TemplateParam(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SmsJson.Encoder }))
        {
            json.WriteStartObject();
            foreach (var (name, value) in parameters)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async ValueTask<SmsAttempt> SendOnceAsync(Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var signed = new Dictionary<string, string>(fields, StringComparer.Ordinal)
        {
            ["AccessKeyId"] = _account.AccessKeyId,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureVersion"] = "1.0",
            ["SignatureNonce"] = Guid.NewGuid().ToString("N"),
            ["Timestamp"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        var signature = AliyunSignature.Sign("POST", signed, _account.AccessKeySecret);
        var form = AliyunSignature.CanonicalQuery(signed) + "&Signature=" + AliyunSignature.PercentEncode(signature);

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(form)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        request.Headers.Accept.ParseAdd("application/json");

        var http = _http.CreateClient(ClientName);
        http.Timeout = Timeout.InfiniteTimeSpan;
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return Interpret(response.StatusCode, body);
    }

    internal static SmsAttempt Interpret(HttpStatusCode status, string body)
    {
        string? code = null, message = null, bizId = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = SmsJson.String(document.RootElement, "Code");
                message = SmsJson.String(document.RootElement, "Message");
                bizId = SmsJson.String(document.RootElement, "BizId");
            }
        }
        catch (JsonException)
        {
        }

        if (code is null)
        {
            var http = $"HTTP {(int)status}";
            return status switch
            {
                >= HttpStatusCode.InternalServerError => SmsAttempt.Transient(http, $"Aliyun answered {http} without a result"),
                >= HttpStatusCode.BadRequest => SmsAttempt.Final(http, $"Aliyun refused the call with {http}"),
                _ => SmsAttempt.Final(http, $"Aliyun answered {http} without a readable result; the text may have been sent, so it is not retried"),
            };
        }

        return code == "OK" ? SmsAttempt.Sent(bizId) : AliyunErrors.Classify(status, code, message ?? string.Empty);
    }

    public void Dispose() => Pipeline.Dispose();
}
