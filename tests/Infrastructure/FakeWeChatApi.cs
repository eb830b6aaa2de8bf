using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BranchBot.Tests.Infrastructure;

/// <summary>
/// A local stand-in for api.weixin.qq.com on a loopback port: issues stable tokens, accepts sends, records every
/// call, and can be told to answer an error code or to hang for a while. Like WeChat it refuses a template or
/// subscribe value that breaks its keyword's type (47003) and a customer-service text over 2048 bytes (45002)
/// (<see cref="FakeWeChatRules"/>).
/// </summary>
public sealed class FakeWeChatApi : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<Task<JsonObject?>>>> _scripts = new();
    private int _tokenNumber = 1;

    public string BaseUrl { get; private set; } = string.Empty;

    public string CurrentToken => "TOKEN_" + Volatile.Read(ref _tokenNumber);

    /// <summary>How long every message send takes (to make a fan-out last long enough to crash in the middle of it).</summary>
    public TimeSpan SendDelay { get; set; }

    public IReadOnlyList<RecordedCall> Calls => _calls.ToArray();

    public IReadOnlyList<RecordedCall> CallsTo(string path) => _calls.Where(c => c.Path == path).ToArray();

    public static async Task<FakeWeChatApi> StartAsync()
    {
        var fake = new FakeWeChatApi();
        fake._server = await LoopbackServer.StartAsync(app => app.MapPost("/cgi-bin/{**path}", (HttpContext context) => fake.HandleAsync(context)));
        fake.BaseUrl = fake._server.Address;
        return fake;
    }

    /// <summary>The next call to <paramref name="path"/> (e.g. <c>message/custom/send</c>) answers this errcode.</summary>
    public void FailNext(string path, int errCode, int times = 1, string errMsg = "scripted")
    {
        for (var i = 0; i < times; i++)
        {
            Script(path, () => Task.FromResult<JsonObject?>(new JsonObject { ["errcode"] = errCode, ["errmsg"] = errMsg }));
        }
    }

    /// <summary>The next call to <paramref name="path"/> waits this long before answering normally.</summary>
    public void DelayNext(string path, TimeSpan delay) =>
        Script(path, async () =>
        {
            await Task.Delay(delay);
            return null;
        });

    /// <summary>Another party rotated the token: the old one is now refused with 40001.</summary>
    public void RotateToken() => Interlocked.Increment(ref _tokenNumber);

    private void Script(string path, Func<Task<JsonObject?>> step) =>
        _scripts.GetOrAdd(path, _ => new ConcurrentQueue<Func<Task<JsonObject?>>>()).Enqueue(step);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.RouteValues["path"]?.ToString() ?? string.Empty;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var token = context.Request.Query["access_token"].FirstOrDefault();
        _calls.Enqueue(new RecordedCall(path, token, body));

        if (SendDelay > TimeSpan.Zero && path.StartsWith("message/", StringComparison.Ordinal))
        {
            await Task.Delay(SendDelay);
        }

        JsonObject? answer = null;
        if (_scripts.TryGetValue(path, out var queue) && queue.TryDequeue(out var step))
        {
            answer = await step();
        }

        answer ??= Answer(path, token, body);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private JsonObject Answer(string path, string? token, string body)
    {
        if (path == "stable_token")
        {
            if (JsonNode.Parse(body)?["force_refresh"]?.GetValue<bool>() == true)
            {
                RotateToken();
            }

            return new JsonObject { ["access_token"] = CurrentToken, ["expires_in"] = 7200 };
        }

        if (token != CurrentToken)
        {
            return new JsonObject { ["errcode"] = 40001, ["errmsg"] = "invalid credential" };
        }

        if (path is "message/template/send" or "message/subscribe/bizsend" && FakeWeChatRules.RefusedField(JsonNode.Parse(body)?["data"]) is { } field)
        {
            return new JsonObject { ["errcode"] = 47003, ["errmsg"] = $"argument invalid! data.{field}.value invalid rid: 6a1b2c3d-4e5f6a7b-1c2d3e4f" };
        }

        if (path == "message/custom/send" && FakeWeChatRules.TextTooLong(JsonNode.Parse(body)))
        {
            return new JsonObject { ["errcode"] = 45002, ["errmsg"] = "content size out of limit rid: 6a1b2c3d-4e5f6a7b-1c2d3e4f" };
        }

        return path switch
        {
            "message/template/send" => new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok", ["msgid"] = 200228332 },
            "message/subscribe/bizsend" => new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok" },
            "qrcode/create" => new JsonObject
            {
                ["ticket"] = "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==",
                ["expire_seconds"] = JsonNode.Parse(body)?["expire_seconds"]?.GetValue<int>() ?? 60,
                ["url"] = "http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI",
            },
            _ => new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok" },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
    }
}

/// <summary>One call the fake received: path under cgi-bin, the access token, and the JSON body.</summary>
public sealed record RecordedCall(string Path, string? Token, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}
