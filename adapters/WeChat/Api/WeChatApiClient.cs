using System.Text.Json.Nodes;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>
/// Calls of the WeChat API that need the access token. A token error (40001/40014/42001) replaces the token
/// (compare-and-refresh) and the call is made once more.
/// </summary>
public sealed class WeChatApiClient(WeChatHttp http, AccessTokenProvider tokens)
{
    /// <summary>Customer-service text message (only within 48 h of the member's last action).</summary>
    public Task<ApiResult> SendCustomTextAsync(string openId, string text, CancellationToken cancellationToken) =>
        CallAsync("cgi-bin/message/custom/send", new JsonObject
        {
            ["touser"] = openId,
            ["msgtype"] = "text",
            ["text"] = new JsonObject { ["content"] = text },
        }, CallSafety.NotIdempotent, cancellationToken);

    /// <summary>Template message; <see cref="TemplateMessage.ClientMsgId"/> lets WeChat drop a repeated send, so it may be retried.</summary>
    public Task<ApiResult> SendTemplateAsync(TemplateMessage message, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["touser"] = message.OpenId,
            ["template_id"] = message.TemplateId,
            ["client_msg_id"] = message.ClientMsgId,
            ["data"] = Data(message.Data),
        };
        if (!string.IsNullOrEmpty(message.Url))
        {
            payload["url"] = message.Url;
        }

        return CallAsync("cgi-bin/message/template/send", payload, CallSafety.Idempotent, cancellationToken);
    }

    /// <summary>
    /// Subscribe message (订阅通知, bizsend): one send per consent, so it is not retried after an unknown outcome.
    /// The values follow the same keyword rules as a category template.
    /// </summary>
    public Task<ApiResult> SendSubscribeAsync(TemplateMessage message, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["touser"] = message.OpenId,
            ["template_id"] = message.TemplateId,
            ["data"] = Data(message.Data),
        };
        if (!string.IsNullOrEmpty(message.Url))
        {
            payload["page"] = message.Url;
        }

        return CallAsync("cgi-bin/message/subscribe/bizsend", payload, CallSafety.NotIdempotent, cancellationToken);
    }

    /// <summary>A temporary parametric QR code with a string scene (≤ 64 chars), valid up to 30 days.</summary>
    public Task<ApiResult> CreateQrCodeAsync(string scene, TimeSpan validFor, CancellationToken cancellationToken) =>
        CallAsync("cgi-bin/qrcode/create", new JsonObject
        {
            ["expire_seconds"] = (int)Math.Clamp(validFor.TotalSeconds, 60, 2_592_000),
            ["action_name"] = "QR_STR_SCENE",
            ["action_info"] = new JsonObject { ["scene"] = new JsonObject { ["scene_str"] = scene } },
        }, CallSafety.Idempotent, cancellationToken);

    private static JsonObject Data(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var data = new JsonObject();
        foreach (var (key, value) in fields)
        {
            data[key] = new JsonObject { ["value"] = value };
        }

        return data;
    }

    private async Task<ApiResult> CallAsync(string path, JsonObject payload, CallSafety safety, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(cancellationToken);
        if (token.Token is null)
        {
            return token.Error!;
        }

        var result = await http.PostAsync(path, payload, token.Token, safety, cancellationToken);
        if (result.Kind != ApiErrorKind.TokenInvalid)
        {
            return result;
        }

        var replaced = await tokens.ReplaceAsync(token.Token, cancellationToken);
        if (replaced.Token is null)
        {
            return replaced.Error!;
        }

        return await http.PostAsync(path, payload, replaced.Token, safety, cancellationToken);
    }
}

/// <summary>A template or subscribe message whose values are already written for their keyword types. <paramref name="ClientMsgId"/> is our idempotency key for the send.</summary>
public sealed record TemplateMessage(string OpenId, string TemplateId, string ClientMsgId, IReadOnlyList<KeyValuePair<string, string>> Data, string? Url = null);
