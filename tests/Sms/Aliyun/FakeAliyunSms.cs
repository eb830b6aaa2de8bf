using BranchBot.Tests.Infrastructure;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace BranchBot.Tests.Sms.Aliyun;

/// <summary>
/// A local stand-in for dysmsapi.aliyuncs.com: takes the SendSms form, recomputes the RPC signature on its own
/// (Uri.EscapeDataString as the RFC 3986 encoder, not the product's), records every call, and answers OK unless told
/// otherwise. A bad signature gets Aliyun's SignatureDoesNotMatch, which, like Aliyun's, quotes the string to sign.
/// </summary>
public sealed class FakeAliyunSms : IAsyncDisposable
{
    public const string AccessKeyId = "testid";
    public const string AccessKeySecret = "testsecret";

    private LoopbackServer _server = null!;
    private readonly ConcurrentQueue<AliyunCall> _calls = new();
    private readonly ConcurrentQueue<Func<CancellationToken, Task<(int Status, string Body)?>>> _script = new();
    private int _bizId = 100;

    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>Characters a template variable may hold; longer is refused with isv.PARAM_LENGTH_LIMIT, as Aliyun does.</summary>
    public int MaxParameterLength { get; set; } = 35;

    public IReadOnlyList<AliyunCall> Calls => _calls.ToArray();

    public static async Task<FakeAliyunSms> StartAsync()
    {
        var fake = new FakeAliyunSms();
        fake._server = await LoopbackServer.StartAsync(app => app.MapPost("/", (HttpContext context) => fake.HandleAsync(context)));
        fake.Endpoint = fake._server.Address;
        return fake;
    }

    /// <summary>The next call answers this Code (HTTP <paramref name="status"/>), as Aliyun reports errors.</summary>
    public void AnswerNext(string code, string message, int status = 200) =>
        _script.Enqueue(_ => Task.FromResult<(int, string)?>((status, new JsonObject { ["Code"] = code, ["Message"] = message, ["RequestId"] = "F655A8D5-B967-440B-8683-DAD6FF8DE990" }.ToJsonString())));

    /// <summary>The next call answers this raw body (e.g. an HTML error page from a gateway).</summary>
    public void AnswerNextRaw(int status, string body) => _script.Enqueue(_ => Task.FromResult<(int, string)?>((status, body)));

    /// <summary>The next call waits this long before answering normally.</summary>
    public void DelayNext(TimeSpan delay) =>
        _script.Enqueue(async ct =>
        {
            await Task.Delay(delay, ct);
            return null;
        });

    /// <summary>Aliyun's string to sign for a POST, built here independently of the product code.</summary>
    public static string StringToSign(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var canonical = string.Join("&", parameters
            .Where(p => p.Key != "Signature")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        return "POST&" + Uri.EscapeDataString("/") + "&" + Uri.EscapeDataString(canonical);
    }

    public static string Sign(string stringToSign, string secret)
    {
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(secret + "&"));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        var parameters = QueryHelpers.ParseQuery(raw).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
        var stringToSign = StringToSign(parameters);
        var known = parameters.GetValueOrDefault("AccessKeyId") == AccessKeyId;
        var valid = known && parameters.GetValueOrDefault("Signature") == Sign(stringToSign, AccessKeySecret);
        _calls.Enqueue(new AliyunCall(parameters, valid, raw, context.Request.ContentType ?? string.Empty, arrived));

        (int Status, string Body)? answer = null;
        if (!valid)
        {
            answer = (400, new JsonObject
            {
                ["Code"] = known ? "SignatureDoesNotMatch" : "InvalidAccessKeyId.NotFound",
                ["Message"] = "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign,
                ["RequestId"] = "8906582E-6722-4B76-A9D2-2BDC81BBA2F7",
            }.ToJsonString());
        }
        else if (_script.TryDequeue(out var step))
        {
            answer = await step(context.RequestAborted);
        }
        else if (RefusedParameter(parameters.GetValueOrDefault("TemplateParam")) is { } refused)
        {
            answer = (200, new JsonObject { ["Code"] = refused.Code, ["Message"] = refused.Message, ["RequestId"] = "F655A8D5-B967-440B-8683-DAD6FF8DE990" }.ToJsonString());
        }

        answer ??= (200, new JsonObject
        {
            ["Code"] = "OK",
            ["Message"] = "OK",
            ["BizId"] = "9006197469364984^" + Interlocked.Increment(ref _bizId),
            ["RequestId"] = "F655A8D5-B967-440B-8683-DAD6FF8DE990",
        }.ToJsonString());
        context.Response.StatusCode = answer.Value.Status;
        context.Response.ContentType = "application/json;charset=utf-8";
        await context.Response.WriteAsync(answer.Value.Body);
    }

    /// <summary>A variable over the length limit, or with a line break, 【 or 】, refused as Aliyun refuses it.</summary>
    private (string Code, string Message)? RefusedParameter(string? json)
    {
        if (json is null)
        {
            return null;
        }

        if (JsonNode.Parse(json) is not JsonObject values)
        {
            return ("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
        }

        foreach (var (name, node) in values)
        {
            var value = node?.GetValue<string>() ?? string.Empty;
            if (value.Length > MaxParameterLength)
            {
                return ("isv.PARAM_LENGTH_LIMIT", $"参数超出长度限制: {name}");
            }

            if (value.Any(c => char.IsControl(c) || c is '【' or '】'))
            {
                return ("isv.INVALID_PARAMETERS", $"参数异常: {name}");
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
    }
}

/// <summary>One SendSms call the fake received: decoded form fields, whether the signature checked out, the raw body.</summary>
public sealed record AliyunCall(IReadOnlyDictionary<string, string> Parameters, bool SignatureValid, string RawBody, string ContentType, long ArrivedAt)
{
    public string this[string name] => Parameters[name];
}
