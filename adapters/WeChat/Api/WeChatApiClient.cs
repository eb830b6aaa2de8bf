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

    /// <summary>Replaces the default custom menu (<c>{"button":[…]}</c>); repeating it sets the same menu again.</summary>
    public Task<ApiResult> CreateMenuAsync(JsonObject menu, CancellationToken cancellationToken) =>
        CallAsync("cgi-bin/menu/create", menu, CallSafety.Idempotent, cancellationToken);

    /// <summary>Adds a conditional menu (<c>button</c> and <c>matchrule</c>); a repeat would add a second one, so it is not retried blindly.</summary>
    public Task<ApiResult> AddConditionalMenuAsync(JsonObject menu, CancellationToken cancellationToken) =>
        CallAsync("cgi-bin/menu/addconditional", menu, CallSafety.NotIdempotent, cancellationToken);

    public Task<ApiResult> DeleteConditionalMenuAsync(string menuId, CancellationToken cancellationToken) =>
        CallAsync("cgi-bin/menu/delconditional", new JsonObject { ["menuid"] = menuId }, CallSafety.Idempotent, cancellationToken);

    /// <summary>The menus as set through the API: <c>menu</c> (default) and <c>conditionalmenu</c> (with their <c>matchrule</c> and <c>menuid</c>).</summary>
    public Task<ApiResult> GetMenuAsync(CancellationToken cancellationToken) => CallGetAsync("cgi-bin/menu/get", cancellationToken);

    /// <summary>The account's user tags: <c>{"tags":[{"id":…,"name":…,"count":…}]}</c>.</summary>
    public Task<ApiResult> GetTagsAsync(CancellationToken cancellationToken) => CallGetAsync("cgi-bin/tags/get", cancellationToken);

    /// <summary>Creates a tag; a name already taken answers 45157.</summary>
    public Task<ApiResult> CreateTagAsync(string name, CancellationToken cancellationToken) =>
        CallAsync("cgi-bin/tags/create", new JsonObject { ["tag"] = new JsonObject { ["name"] = name } }, CallSafety.NotIdempotent, cancellationToken);

    /// <summary>Puts up to 50 users in a tag (or, with <paramref name="untag"/>, takes them out); repeating it changes nothing.</summary>
    public Task<ApiResult> TagUsersAsync(long tagId, IReadOnlyList<string> openIds, bool untag, CancellationToken cancellationToken) =>
        CallAsync(untag ? "cgi-bin/tags/members/batchuntagging" : "cgi-bin/tags/members/batchtagging", new JsonObject
        {
            ["openid_list"] = new JsonArray(openIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
            ["tagid"] = tagId,
        }, CallSafety.Idempotent, cancellationToken);

    /// <summary>
    /// A temporary media file (kept by WeChat for three days): its bytes in <see cref="ApiResult.Media"/>, or 40007
    /// when the media id is unknown or expired.
    /// </summary>
    public Task<ApiResult> GetMediaAsync(string mediaId, int maxBytes, CancellationToken cancellationToken) =>
        WithTokenAsync((token, ct) => http.DownloadAsync(
            "cgi-bin/media/get?access_token=" + Uri.EscapeDataString(token) + "&media_id=" + Uri.EscapeDataString(mediaId), maxBytes, ct), cancellationToken);

    private static JsonObject Data(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var data = new JsonObject();
        foreach (var (key, value) in fields)
        {
            data[key] = new JsonObject { ["value"] = value };
        }

        return data;
    }

    private Task<ApiResult> CallAsync(string path, JsonObject payload, CallSafety safety, CancellationToken cancellationToken) =>
        WithTokenAsync((token, ct) => http.PostAsync(path, payload, token, safety, ct), cancellationToken);

    private Task<ApiResult> CallGetAsync(string path, CancellationToken cancellationToken) =>
        WithTokenAsync((token, ct) => http.GetAsync(path, token, ct), cancellationToken);

    private async Task<ApiResult> WithTokenAsync(Func<string, CancellationToken, Task<ApiResult>> call, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(cancellationToken);
        if (token.Token is null)
        {
            return token.Error!;
        }

        var result = await call(token.Token, cancellationToken);
        if (result.Kind != ApiErrorKind.TokenInvalid)
        {
            return result;
        }

        var replaced = await tokens.ReplaceAsync(token.Token, cancellationToken);
        if (replaced.Token is null)
        {
            return replaced.Error!;
        }

        return await call(replaced.Token, cancellationToken);
    }
}

/// <summary>A template or subscribe message whose values are already written for their keyword types. <paramref name="ClientMsgId"/> is our idempotency key for the send.</summary>
public sealed record TemplateMessage(string OpenId, string TemplateId, string ClientMsgId, IReadOnlyList<KeyValuePair<string, string>> Data, string? Url = null);
