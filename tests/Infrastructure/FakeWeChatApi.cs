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
/// (<see cref="FakeWeChatRules"/>). It keeps a custom menu, conditional menus and user tags as WeChat does, refusing
/// menus over its limits, a conditional menu before a default one (65303), a tag name taken (45157) or too long
/// (45158), and tagging more than 50 users at once (40032) or with an unknown tag (45159). It holds temporary media
/// (<see cref="AddMedia"/>): media/get answers the bytes, or 40007 for a media id it does not hold.
/// </summary>
public sealed class FakeWeChatApi : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<Task<JsonObject?>>>> _scripts = new();
    private int _tokenNumber = 1;
    private readonly Lock _menuLock = new();
    private JsonArray? _defaultMenu;
    private readonly List<JsonObject> _conditional = [];
    private readonly Dictionary<long, (string Name, HashSet<string> Members)> _tags = [];
    private long _nextId = 100;
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string ContentType)> _media = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _statusFailures = new(StringComparer.Ordinal);

    public string BaseUrl { get; private set; } = string.Empty;

    public string CurrentToken => "TOKEN_" + Volatile.Read(ref _tokenNumber);

    /// <summary>How long every message send takes (to make a fan-out last long enough to crash in the middle of it).</summary>
    public TimeSpan SendDelay { get; set; }

    public IReadOnlyList<RecordedCall> Calls => _calls.ToArray();

    public IReadOnlyList<RecordedCall> CallsTo(string path) => _calls.Where(c => c.Path == path).ToArray();

    /// <summary>The default menu's buttons as last set by menu/create; null before.</summary>
    public JsonArray? DefaultMenu
    {
        get
        {
            lock (_menuLock)
            {
                return (JsonArray?)_defaultMenu?.DeepClone();
            }
        }
    }

    /// <summary>The conditional menus now in place (button, matchrule, menuid).</summary>
    public IReadOnlyList<JsonObject> ConditionalMenus
    {
        get
        {
            lock (_menuLock)
            {
                return _conditional.Select(m => (JsonObject)m.DeepClone()).ToList();
            }
        }
    }

    /// <summary>The OpenIDs WeChat holds in the tag named <paramref name="name"/> (empty if there is no such tag).</summary>
    public IReadOnlySet<string> TagMembers(string name)
    {
        lock (_menuLock)
        {
            return _tags.Values.Where(t => t.Name == name).SelectMany(t => t.Members).ToHashSet();
        }
    }

    public static async Task<FakeWeChatApi> StartAsync()
    {
        var fake = new FakeWeChatApi();
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/cgi-bin/{**path}", (HttpContext context) => fake.HandleAsync(context));
            app.MapGet("/cgi-bin/{**path}", (HttpContext context) => fake.HandleAsync(context));
            app.MapGet("/pic/{mediaId}", (HttpContext context) => fake.PictureAsync(context));
        });
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

    /// <summary>Temporary media WeChat holds: media/get answers these bytes, and <see cref="PictureUrl"/> serves them too.</summary>
    public void AddMedia(string mediaId, byte[] bytes, string contentType) => _media[mediaId] = (bytes, contentType);

    /// <summary>The picture address of a media (what an image push's PicUrl points at), on this fake.</summary>
    public string PictureUrl(string mediaId) => BaseUrl.TrimEnd('/') + "/pic/" + Uri.EscapeDataString(mediaId);

    /// <summary>The next <paramref name="times"/> calls to <paramref name="path"/> (e.g. <c>media/get</c>, or <c>pic</c>) answer this HTTP status.</summary>
    public void FailNextWithStatus(string path, int status = StatusCodes.Status502BadGateway, int times = 1)
    {
        var queue = _statusFailures.GetOrAdd(path, _ => new ConcurrentQueue<int>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(status);
        }
    }

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
        _calls.Enqueue(new RecordedCall(path, token, path == "media/get" ? context.Request.Query["media_id"].ToString() : body));

        if (SendDelay > TimeSpan.Zero && path.StartsWith("message/", StringComparison.Ordinal))
        {
            await Task.Delay(SendDelay);
        }

        if (_statusFailures.TryGetValue(path, out var failures) && failures.TryDequeue(out var status))
        {
            context.Response.StatusCode = status;
            return;
        }

        JsonObject? answer = null;
        if (_scripts.TryGetValue(path, out var queue) && queue.TryDequeue(out var step))
        {
            answer = await step();
        }

        // Like WeChat, media/get answers the file itself on success and JSON only for an error.
        if (answer is null && path == "media/get" && token == CurrentToken
            && _media.TryGetValue(context.Request.Query["media_id"].FirstOrDefault() ?? string.Empty, out var media))
        {
            context.Response.ContentType = media.ContentType;
            await context.Response.Body.WriteAsync(media.Bytes);
            return;
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

        if (path.StartsWith("menu/", StringComparison.Ordinal) || path.StartsWith("tags/", StringComparison.Ordinal))
        {
            lock (_menuLock)
            {
                return MenuAnswer(path, body.Length == 0 ? null : JsonNode.Parse(body));
            }
        }

        return path switch
        {
            "media/get" => new JsonObject { ["errcode"] = 40007, ["errmsg"] = "invalid media_id rid: 6a1b2c3d-4e5f6a7b-1c2d3e4f" },
            "message/template/send" => new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok", ["msgid"] = 200228332 },
            "message/subscribe/bizsend" => new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok" },
            "qrcode/create" => new JsonObject
            {
                ["ticket"] = "gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==",
                ["expire_seconds"] = JsonNode.Parse(body)?["expire_seconds"]?.GetValue<int>() ?? 60,
                // Like WeChat, each code has its own address (what a scanner reads off the image).
                ["url"] = QrUrlFor(body),
            },
            _ => new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok" },
        };
    }

    /// <summary>A picture address (no token, as WeChat's image host): the media's bytes, or 404.</summary>
    private async Task PictureAsync(HttpContext context)
    {
        var mediaId = context.Request.RouteValues["mediaId"]?.ToString() ?? string.Empty;
        _calls.Enqueue(new RecordedCall("pic", null, mediaId));
        if (_statusFailures.TryGetValue("pic", out var failures) && failures.TryDequeue(out var status))
        {
            context.Response.StatusCode = status;
            return;
        }

        if (!_media.TryGetValue(mediaId, out var media))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = media.ContentType;
        await context.Response.Body.WriteAsync(media.Bytes);
    }

    /// <summary>The address the fake puts in the QR code a qrcode/create call with this body made: what a scanner reads.</summary>
    public static string QrUrlFor(string body) =>
        "http://weixin.qq.com/q/" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)))[..22];

    private JsonObject MenuAnswer(string path, JsonNode? body)
    {
        switch (path)
        {
            case "menu/create":
                if (FakeWeChatRules.MenuRefusal(body?["button"]) is { } refused)
                {
                    return Error(refused.Code, refused.Message);
                }

                _defaultMenu = (JsonArray)body!["button"]!.DeepClone();
                return Error(0, "ok");
            case "menu/addconditional":
                if (_defaultMenu is null)
                {
                    return Error(65303, "there is no selfmenu, please create selfmenu first");
                }

                if (body?["matchrule"] is not JsonObject rule || rule.Count == 0)
                {
                    return Error(65304, "match rule empty");
                }

                if (rule["tag_id"] is { } tagId && (!long.TryParse(tagId.ToString(), out var id) || !_tags.ContainsKey(id)))
                {
                    return Error(40050, "invalid tag id");
                }

                if (FakeWeChatRules.MenuRefusal(body["button"]) is { } bad)
                {
                    return Error(bad.Code, bad.Message);
                }

                var menuId = (_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _conditional.Add(new JsonObject { ["button"] = body["button"]!.DeepClone(), ["matchrule"] = rule.DeepClone(), ["menuid"] = menuId });
                return new JsonObject { ["menuid"] = menuId };
            case "menu/delconditional":
                var removed = _conditional.RemoveAll(m => m["menuid"]!.ToString() == body?["menuid"]?.ToString());
                return removed == 0 ? Error(65301, "menuid not exist") : Error(0, "ok");
            case "menu/get":
                if (_defaultMenu is null)
                {
                    return Error(46003, "menu no exist");
                }

                return new JsonObject
                {
                    ["menu"] = new JsonObject { ["button"] = _defaultMenu.DeepClone(), ["menuid"] = 1 },
                    ["conditionalmenu"] = new JsonArray(_conditional.Select(m => (JsonNode?)m.DeepClone()).ToArray()),
                };
            case "tags/get":
                return new JsonObject
                {
                    ["tags"] = new JsonArray(_tags.Select(t => (JsonNode?)new JsonObject { ["id"] = t.Key, ["name"] = t.Value.Name, ["count"] = t.Value.Members.Count }).ToArray()),
                };
            case "tags/create":
                var name = body?["tag"]?["name"]?.GetValue<string>() ?? string.Empty;
                if (name.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(name) > 30)
                {
                    return Error(45158, "tag name too long");
                }

                if (_tags.Values.Any(t => t.Name == name))
                {
                    return Error(45157, "invalid tag name");
                }

                var newId = _nextId++;
                _tags[newId] = (name, []);
                return new JsonObject { ["tag"] = new JsonObject { ["id"] = newId, ["name"] = name } };
            case "tags/members/batchtagging" or "tags/members/batchuntagging":
                var openIds = (body?["openid_list"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [];
                if (openIds.Count is 0 or > 50)
                {
                    return Error(40032, "invalid openid list size");
                }

                if (!long.TryParse(body?["tagid"]?.ToString(), out var tag) || !_tags.TryGetValue(tag, out var entry))
                {
                    return Error(45159, "invalid tag id");
                }

                foreach (var openId in openIds)
                {
                    _ = path.EndsWith("untagging", StringComparison.Ordinal) ? entry.Members.Remove(openId) : entry.Members.Add(openId);
                }

                return Error(0, "ok");
            default:
                return Error(48001, "api unauthorized");
        }
    }

    private static JsonObject Error(int code, string message) => new() { ["errcode"] = code, ["errmsg"] = message };

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
    }
}

/// <summary>One call the fake received: path under cgi-bin (or <c>pic</c>), the access token, and the JSON body (the media id for media/get and pic).</summary>
public sealed record RecordedCall(string Path, string? Token, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
}
