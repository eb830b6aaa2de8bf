using System.Net;
using System.Security.Cryptography;
using System.Text;
using BranchBot.Adapters.Memory;
using BranchBot.Adapters.Redis;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Webhook;

/// <summary>Every kind of bad push gets a 4xx with a short reason, never a 5xx or a stack trace, and changes nothing in the store.</summary>
public abstract class BadInputTests : IAsyncLifetime
{
    private const string OpenId = "oAttacker01";

    protected BotServer Bot { get; private set; } = null!;

    protected abstract IDictionary<string, string?> Settings { get; }

    protected abstract Task<long> StoreKeyCountAsync();

    // Background workers write their own keys; off here so the count shows only what the pushes did.
    public async Task InitializeAsync() => Bot = await BotServer.StartAsync(new Dictionary<string, string?>(Settings) { ["Reminders:RunWorkers"] = "false" });

    public async Task DisposeAsync() => await Bot.DisposeAsync();

    public static TheoryData<string> Cases => new()
    {
        "bad signature", "missing signature", "stale timestamp", "future timestamp", "non-numeric timestamp", "bad msg_signature",
        "oversize body", "oversize chunked body", "malformed xml", "billion laughs", "external entity", "wrong appid",
        "bad base64", "bad padding", "unknown encrypt_type", "openid mismatch", "missing MsgType", "empty body",
        "huge CreateTime", "not utf-8", "encrypted without Encrypt",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Post_BadInput_IsRefusedWith4xxAndChangesNothing(string name)
    {
        var (expected, request) = Build(name);
        var before = await StoreKeyCountAsync();

        using var response = await Bot.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(body));
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("   at ", body);
        Assert.Equal(before, await StoreKeyCountAsync());
    }

    [Fact]
    public async Task Post_ValidPushAfterRejections_StillWorksAndIsStored()
    {
        var before = await StoreKeyCountAsync();
        Assert.Contains("帮助", await Bot.SayAsync(OpenId, "你好"));
        Assert.True(await StoreKeyCountAsync() > before);
    }

    private (HttpStatusCode, HttpRequestMessage) Build(string name)
    {
        var now = BotServer.Now;
        var xml = Bot.TextXml(OpenId, "帮助");
        var plain = Bot.Composer.Sign(xml, OpenId, now, encrypt: false);
        var safe = Bot.Composer.Sign(xml, OpenId, now, encrypt: true);
        return name switch
        {
            "bad signature" => (HttpStatusCode.Unauthorized, Post(Replace(plain, "signature", new string('a', 40)), plain.Body)),
            "missing signature" => (HttpStatusCode.BadRequest, Post(Remove(plain, "signature"), plain.Body)),
            "stale timestamp" => (HttpStatusCode.Unauthorized, Post(Bot.Composer.Sign(xml, OpenId, now - 1000, false))),
            "future timestamp" => (HttpStatusCode.Unauthorized, Post(Bot.Composer.Sign(xml, OpenId, now + 1000, false))),
            "non-numeric timestamp" => (HttpStatusCode.BadRequest, Post(Replace(plain, "timestamp", "12e4"), plain.Body)),
            "bad msg_signature" => (HttpStatusCode.Unauthorized, Post(Replace(safe, "msg_signature", new string('b', 40)), safe.Body)),
            "oversize body" => (HttpStatusCode.RequestEntityTooLarge, Post(plain.PathAndQuery(), xml.Replace("帮助", new string('x', 70_000)))),
            "oversize chunked body" => (HttpStatusCode.RequestEntityTooLarge, Chunked(plain.PathAndQuery(), new string('x', 200_000))),
            "malformed xml" => (HttpStatusCode.BadRequest, Post(plain.PathAndQuery(), "<xml><ToUserName>gh")),
            "billion laughs" => (HttpStatusCode.BadRequest, Post(plain.PathAndQuery(),
                "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>" + xml.Replace("帮助", "&c;"))),
            "external entity" => (HttpStatusCode.BadRequest, Post(plain.PathAndQuery(),
                "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + xml.Replace("帮助", "&x;"))),
            "wrong appid" => (HttpStatusCode.Forbidden, Post(new PushComposer(BotServer.Token, "wx0000000000000000", BotServer.AesKey).Sign(xml, OpenId, now, true))),
            "bad base64" => (HttpStatusCode.BadRequest, Post(SignedEncrypt("@@@not-base64@@@", now))),
            "bad padding" => (HttpStatusCode.BadRequest, Post(SignedEncrypt(Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), now))),
            "unknown encrypt_type" => (HttpStatusCode.BadRequest, Post(Replace(safe, "encrypt_type", "rsa"), safe.Body)),
            "openid mismatch" => (HttpStatusCode.BadRequest, Post(Replace(plain, "openid", "oSomeoneElse"), plain.Body)),
            "missing MsgType" => (HttpStatusCode.BadRequest, Post(plain.PathAndQuery(), xml.Replace("<MsgType><![CDATA[text]]></MsgType>", string.Empty))),
            "empty body" => (HttpStatusCode.BadRequest, Post(plain.PathAndQuery(), string.Empty)),
            "huge CreateTime" => (HttpStatusCode.BadRequest, Post(plain.PathAndQuery(), PushComposer.Xml(BotServer.Account, OpenId, 0, "text", ("Content", "x"), ("MsgId", "1")).Replace("<CreateTime>0</CreateTime>", "<CreateTime>999999999999999999999999</CreateTime>"))),
            "not utf-8" => (HttpStatusCode.BadRequest, PostBytes(plain.PathAndQuery(), [.. "<xml><Content>"u8, 0xC3, 0x28, 0xFF, .. "</Content></xml>"u8])),
            "encrypted without Encrypt" => (HttpStatusCode.BadRequest, Post(safe.PathAndQuery(), xml)),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private SignedPush SignedEncrypt(string encrypt, long now)
    {
        var ts = now.ToString();
        var body = "<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
        return new SignedPush(
        [
            new("signature", Signature.Compute(BotServer.Token, ts, "5")), new("timestamp", ts), new("nonce", "5"),
            new("openid", OpenId), new("encrypt_type", "aes"), new("msg_signature", Signature.Compute(BotServer.Token, ts, "5", encrypt)),
        ], body);
    }

    private static string Replace(SignedPush push, string key, string value) =>
        push with { Query = push.Query.Select(p => p.Key == key ? new KeyValuePair<string, string>(key, value) : p).ToList() } is var changed ? changed.PathAndQuery() : string.Empty;

    private static string Remove(SignedPush push, string key) =>
        (push with { Query = push.Query.Where(p => p.Key != key).ToList() }).PathAndQuery();

    private static HttpRequestMessage Post(SignedPush push) => Post(push.PathAndQuery(), push.Body);

    private static HttpRequestMessage Post(string url, string body) =>
        new(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };

    private static HttpRequestMessage PostBytes(string url, byte[] body) =>
        new(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };

    private static HttpRequestMessage Chunked(string url, string body) =>
        new(HttpMethod.Post, url) { Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(body))) };

    /// <summary>A body of unknown length, so the client sends it chunked without Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

public sealed class MemoryBadInputTests : BadInputTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override Task<long> StoreKeyCountAsync() => Task.FromResult<long>(Bot.Services.GetRequiredService<MemoryStore>().KeyCount);
}

public sealed class RedisBadInputTests : BadInputTests
{
    private readonly string _prefix = RedisServer.UniquePrefix();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Redis:Configuration"] = RedisServer.Shared.Configuration,
        ["Redis:KeyPrefix"] = _prefix,
    };

    protected override async Task<long> StoreKeyCountAsync()
    {
        var db = await Bot.Services.GetRequiredService<RedisConnection>().DatabaseAsync(default);
        return (long)await db.ScriptEvaluateAsync("return #redis.call('KEYS', ARGV[1])", null, [_prefix + "*"]);
    }
}
