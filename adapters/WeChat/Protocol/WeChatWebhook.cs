using System.Globalization;
using System.Security.Cryptography;
using BranchBot.Core.Messaging;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.WeChat.Protocol;

/// <summary>The query parameters WeChat puts on the server URL.</summary>
public sealed record WebhookQuery(
    string? Signature,
    string? Timestamp,
    string? Nonce,
    string? EchoStr = null,
    string? EncryptType = null,
    string? MsgSignature = null,
    string? OpenId = null);

/// <summary>A verified, decrypted and parsed push, with what is needed to answer it the same way.</summary>
public sealed record InboundPush(IncomingMessage Message, bool Encrypted);

/// <summary>Why a request was refused: an HTTP status and a short reason (never a stack trace).</summary>
public sealed record WebhookRejection(int StatusCode, string Reason);

/// <summary>Either a value or a rejection.</summary>
public sealed record WebhookResult<T>(T? Value, WebhookRejection? Rejection) where T : class
{
    public static implicit operator WebhookResult<T>(T value) => new(value, null);

    public static implicit operator WebhookResult<T>(WebhookRejection rejection) => new(null, rejection);
}

/// <summary>
/// The server side of WeChat's push protocol, transport-agnostic: authenticate first (signature, freshness),
/// then decrypt and parse; and render replies the way the request came (plain or encrypted and signed).
/// </summary>
public sealed class WeChatWebhook
{
    private readonly WeChatOptions _options;
    private readonly TimeProvider _time;
    private readonly MessageCrypt? _crypt;

    public WeChatWebhook(IOptions<WeChatOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _crypt = _options.EncodingAESKey.Length > 0 ? new MessageCrypt(_options.EncodingAESKey, _options.AppId) : null;
    }

    /// <summary>The GET handshake: echo <c>echostr</c> when the plain signature verifies.</summary>
    public WebhookResult<string> Handshake(WebhookQuery query)
    {
        if (Authenticate(query) is { } rejection)
        {
            return rejection;
        }

        if (string.IsNullOrEmpty(query.EchoStr) || query.EchoStr.Length > 128)
        {
            return new WebhookRejection(400, "echostr is missing");
        }

        return query.EchoStr;
    }

    public WebhookResult<InboundPush> Read(WebhookQuery query, ReadOnlyMemory<byte> body)
    {
        if (Authenticate(query) is { } rejection)
        {
            return rejection;
        }

        if (body.Length > _options.MaxBodyBytes)
        {
            return new WebhookRejection(413, "body too large");
        }

        var encrypted = string.Equals(query.EncryptType, "aes", StringComparison.OrdinalIgnoreCase);
        if (!encrypted && !string.IsNullOrEmpty(query.EncryptType) && !string.Equals(query.EncryptType, "raw", StringComparison.OrdinalIgnoreCase))
        {
            return new WebhookRejection(400, "encrypt_type must be raw or aes");
        }

        if (!encrypted && _options.EncryptionRequired)
        {
            return new WebhookRejection(400, "plaintext pushes are not accepted: switch the account to safe mode");
        }

        var outer = WireXml.TryParse(body, out var error);
        if (outer is null)
        {
            return new WebhookRejection(400, error!);
        }

        var fields = outer;
        if (encrypted)
        {
            if (_crypt is null)
            {
                return new WebhookRejection(400, "encrypted push but no EncodingAESKey is configured");
            }

            var encrypt = outer["Encrypt"];
            if (string.IsNullOrEmpty(encrypt))
            {
                return new WebhookRejection(400, "Encrypt element is missing");
            }

            if (!Signature.Matches(query.MsgSignature, _options.Token, query.Timestamp!, query.Nonce!, encrypt))
            {
                return new WebhookRejection(401, "msg_signature mismatch");
            }

            var decrypted = _crypt.Decrypt(encrypt);
            if (decrypted.Error is { } failure)
            {
                return failure == DecryptError.AppIdMismatch
                    ? new WebhookRejection(403, "AppID inside the ciphertext does not match")
                    : new WebhookRejection(400, "Encrypt cannot be decrypted: " + failure);
            }

            fields = WireXml.TryParse(decrypted.Message!, out error);
            if (fields is null)
            {
                return new WebhookRejection(400, error!);
            }
        }

        var message = InboundParser.TryParse(fields, out error);
        if (message is null)
        {
            return new WebhookRejection(400, error!);
        }

        if (!string.IsNullOrEmpty(query.OpenId) && !string.Equals(query.OpenId, message.Header.OpenId, StringComparison.Ordinal))
        {
            return new WebhookRejection(400, "openid does not match FromUserName");
        }

        return new InboundPush(message, encrypted);
    }

    /// <summary>The HTTP body answering <paramref name="push"/>: plain XML, or the signed envelope when it came encrypted.</summary>
    public string Render(Reply reply, InboundPush push)
    {
        var now = _time.GetUtcNow();
        var plain = ReplyWriter.Plain(reply, push.Message.Header, now);
        if (!push.Encrypted || reply is NoReply || _crypt is null)
        {
            return plain;
        }

        var encrypt = _crypt.Encrypt(plain);
        var timestamp = now.ToUnixTimeSeconds();
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var signature = Signature.Compute(_options.Token, timestamp.ToString(CultureInfo.InvariantCulture), nonce, encrypt);
        return ReplyWriter.Envelope(encrypt, signature, timestamp, nonce);
    }

    /// <summary>Checks presence and freshness of timestamp and nonce, then the plain signature present in every mode.</summary>
    private WebhookRejection? Authenticate(WebhookQuery query)
    {
        if (string.IsNullOrEmpty(query.Signature) || string.IsNullOrEmpty(query.Timestamp) || string.IsNullOrEmpty(query.Nonce))
        {
            return new WebhookRejection(400, "signature, timestamp and nonce are required");
        }

        if (query.Nonce.Length > 64 || query.Timestamp.Length > 12 ||
            !long.TryParse(query.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new WebhookRejection(400, "timestamp or nonce is malformed");
        }

        if (!Signature.Matches(query.Signature, _options.Token, query.Timestamp, query.Nonce))
        {
            return new WebhookRejection(401, "signature mismatch");
        }

        var skew = Math.Abs(_time.GetUtcNow().ToUnixTimeSeconds() - seconds);
        if (skew > _options.TimestampWindow.TotalSeconds)
        {
            return new WebhookRejection(401, "timestamp outside the allowed window");
        }

        return null;
    }
}
