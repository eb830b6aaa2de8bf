using BranchBot.Tests.Infrastructure;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BranchBot.Tests.Sms.Tencent;

/// <summary>
/// A local stand-in for sms.tencentcloudapi.com: rebuilds the TC3-HMAC-SHA256 canonical request from the headers and
/// body it actually received (the headers named in SignedHeaders, the SHA-256 of the raw body), derives the key on its
/// own and compares the Authorization header; records every call and answers Ok unless told otherwise.
/// </summary>
public sealed partial class FakeTencentSms : IAsyncDisposable
{
    public const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    public const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

    private LoopbackServer _server = null!;
    private readonly ConcurrentQueue<TencentCall> _calls = new();
    private readonly ConcurrentQueue<Func<CancellationToken, Task<(int Status, string Body)?>>> _script = new();
    private int _serial = 100;

    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>Characters a template variable may hold (12 unless the account is an organisation's); longer is refused, as Tencent Cloud does.</summary>
    public int MaxParameterLength { get; set; } = 12;

    public IReadOnlyList<TencentCall> Calls => _calls.ToArray();

    public static async Task<FakeTencentSms> StartAsync()
    {
        var fake = new FakeTencentSms();
        fake._server = await LoopbackServer.StartAsync(app => app.MapPost("/", (HttpContext context) => fake.HandleAsync(context)));
        fake.Endpoint = fake._server.Address;
        return fake;
    }

    /// <summary>The next call fails as a whole: <c>{"Response":{"Error":{…}}}</c>.</summary>
    public void ErrorNext(string code, string message) =>
        Answer(200, new JsonObject { ["Response"] = new JsonObject { ["Error"] = new JsonObject { ["Code"] = code, ["Message"] = message }, ["RequestId"] = "req-1" } });

    /// <summary>The next call is accepted but the number is refused with this code in SendStatusSet.</summary>
    public void StatusNext(string code, string message) =>
        Answer(200, Success(code, message, string.Empty));

    public void HttpNext(int status, string body) => _script.Enqueue(_ => Task.FromResult<(int, string)?>((status, body)));

    public void DelayNext(TimeSpan delay) =>
        _script.Enqueue(async ct =>
        {
            await Task.Delay(delay, ct);
            return null;
        });

    /// <summary>The signature this fake expects, from the request as received.</summary>
    public static string ExpectedSignature(string secretKey, string signedHeaders, Func<string, string> header, byte[] body, long timestamp, string service)
    {
        var names = signedHeaders.Split(';');
        var canonicalHeaders = string.Concat(names.Select(n => n + ":" + header(n).Trim().ToLowerInvariant() + "\n"));
        var canonicalRequest = "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + Hex(SHA256.HashData(body));
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/" + service + "/tc3_request\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var key = Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("TC3" + secretKey), date), service), "tc3_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data)
    {
        using var hmac = new HMACSHA256(key);
        return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private (string Code, string Message)? RefusedParameter(byte[] body)
    {
        var values = (JsonNode.Parse(body)?["TemplateParamSet"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? string.Empty) ?? [];
        foreach (var value in values)
        {
            if (MaxParameterLength > 0 && value.Length > MaxParameterLength)
            {
                return ("InvalidParameterValue.TemplateParameterLengthLimit", "单个模板变量字符数超过12个，企业认证用户不限制单个变量值字数");
            }

            if (value.Any(char.IsControl))
            {
                return ("InvalidParameterValue.TemplateParameterFormatError", "验证码模板参数格式错误");
            }
        }

        return null;
    }

    private void Answer(int status, JsonObject body) => _script.Enqueue(_ => Task.FromResult<(int, string)?>((status, body.ToJsonString())));

    private JsonObject Success(string code, string message, string serial) => new()
    {
        ["Response"] = new JsonObject
        {
            ["SendStatusSet"] = new JsonArray(new JsonObject
            {
                ["SerialNo"] = serial, ["PhoneNumber"] = "+8613800138000", ["Fee"] = 1, ["SessionContext"] = "", ["Code"] = code, ["Message"] = message, ["IsoCode"] = "CN",
            }),
            ["RequestId"] = "a0aabda6-cf91-4f3e-a81f-9198114a2279",
        },
    };

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        string Header(string name) => headers[name].ToString();

        var authorization = Header("Authorization");
        var match = AuthorizationPattern().Match(authorization);
        var timestamp = long.TryParse(Header("X-TC-Timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : -1;
        var valid = match.Success && timestamp > 0
            && match.Groups["id"].Value == SecretId
            && match.Groups["service"].Value == "sms"
            && match.Groups["headers"].Value.Split(';') is var signed && signed.Contains("content-type") && signed.Contains("host")
            && match.Groups["date"].Value == DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            && match.Groups["signature"].Value == ExpectedSignature(SecretKey, match.Groups["headers"].Value, Header, body, timestamp, "sms");
        _calls.Enqueue(new TencentCall(
            Header("X-TC-Action"), Header("X-TC-Version"), Header("X-TC-Region"), Header("X-TC-Timestamp"), Header("Content-Type"), authorization,
            Encoding.UTF8.GetString(body), valid));

        (int Status, string Body)? answer = null;
        if (!valid)
        {
            answer = (200, new JsonObject
            {
                ["Response"] = new JsonObject
                {
                    ["Error"] = new JsonObject { ["Code"] = "AuthFailure.SignatureFailure", ["Message"] = "The provided credentials could not be validated. Please check your signature is correct." },
                    ["RequestId"] = "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
                },
            }.ToJsonString());
        }
        else if (_script.TryDequeue(out var step))
        {
            answer = await step(context.RequestAborted);
        }
        else if (RefusedParameter(body) is { } refused)
        {
            answer = (200, new JsonObject
            {
                ["Response"] = new JsonObject
                {
                    ["Error"] = new JsonObject { ["Code"] = refused.Code, ["Message"] = refused.Message },
                    ["RequestId"] = "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
                },
            }.ToJsonString());
        }

        answer ??= (200, Success("Ok", "send success", "2640:" + Interlocked.Increment(ref _serial)).ToJsonString());
        context.Response.StatusCode = answer.Value.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Value.Body);
    }

    [GeneratedRegex(@"^TC3-HMAC-SHA256 Credential=(?<id>[^/]+)/(?<date>\d{4}-\d{2}-\d{2})/(?<service>[a-z]+)/tc3_request, SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
    }
}

/// <summary>One SendSms call the fake received.</summary>
public sealed record TencentCall(string Action, string Version, string Region, string Timestamp, string ContentType, string Authorization, string Body, bool SignatureValid)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}
