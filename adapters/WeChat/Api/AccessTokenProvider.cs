using BranchBot.Core.Telemetry;
using System.Globalization;
using System.Text.Json.Nodes;
using BranchBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>
/// The account's access token, shared by every instance through the store. One instance refreshes it (under a
/// lease in the store) before it expires, with <c>stable_token</c>; a token WeChat rejects is replaced only if the
/// shared copy is still that token (compare-and-refresh), so instances never clobber each other's fresh token.
/// </summary>
public sealed partial class AccessTokenProvider(
    WeChatHttp http,
    ISharedState state,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    ILogger<AccessTokenProvider> logger,
    BotMetrics? metrics = null)
{
    private readonly BotMetrics _metrics = metrics ?? BotMetrics.Disabled;

    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WaitForOthers = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private CachedToken? _local;

    private string Key => "wechat:token:" + options.Value.AppId;

    private string LeaseKey => Key + ":refresh";

    /// <summary>A valid token, from this process's copy, the shared copy, or a refresh.</summary>
    public async Task<TokenResult> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_local is { } local && local.RefreshAt > time.GetUtcNow())
        {
            return new TokenResult(local.Token, null);
        }

        return await RefreshAsync(null, cancellationToken);
    }

    /// <summary>WeChat rejected <paramref name="failedToken"/>: get another, unless another instance already did.</summary>
    public Task<TokenResult> ReplaceAsync(string failedToken, CancellationToken cancellationToken) => RefreshAsync(failedToken, cancellationToken);

    private async Task<TokenResult> RefreshAsync(string? failedToken, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var deadline = time.GetUtcNow() + WaitForOthers;
            while (true)
            {
                var shared = await ReadSharedAsync(cancellationToken);
                if (Fresh(shared, failedToken))
                {
                    return Use(shared!);
                }

                if (await state.TryAcquireLeaseAsync(LeaseKey, _owner, LeaseTime, cancellationToken))
                {
                    try
                    {
                        shared = await ReadSharedAsync(cancellationToken);
                        if (Fresh(shared, failedToken))
                        {
                            return Use(shared!);
                        }

                        return await FetchAndShareAsync(failedToken, cancellationToken);
                    }
                    finally
                    {
                        await state.ReleaseLeaseAsync(LeaseKey, _owner, CancellationToken.None);
                    }
                }

                // Another instance is refreshing: a token that is still valid serves meanwhile.
                var usable = shared ?? _local;
                if (usable is not null && usable.Token != failedToken && usable.ExpiresAt > time.GetUtcNow())
                {
                    return new TokenResult(usable.Token, null);
                }

                if (time.GetUtcNow() > deadline)
                {
                    return new TokenResult(null, ApiResult.Failure(ApiErrorKind.Network, "timed out waiting for another instance to refresh the access token"));
                }

                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<TokenResult> FetchAndShareAsync(string? failedToken, CancellationToken cancellationToken)
    {
        var result = await FetchAsync(force: false, cancellationToken);
        if (result.Ok && result.GetString("access_token") == failedToken)
        {
            // WeChat still hands out the token it just rejected: ask for a new one (rate-limited by WeChat, ≥30 s apart).
            result = await FetchAsync(force: true, cancellationToken);
        }

        var token = result.GetString("access_token");
        var seconds = result.GetInt64("expires_in") ?? 0;
        if (!result.Ok || string.IsNullOrEmpty(token) || seconds <= 0)
        {
            LogFetchFailed(logger, result.ErrCode, result.ErrMsg);
            _metrics.TokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            return new TokenResult(null, result.Ok ? ApiResult.Failure(ApiErrorKind.Permanent, "stable_token answer has no token") : result);
        }

        var now = time.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(seconds);
        var margin = TimeSpan.FromTicks(Math.Min(options.Value.TokenRefreshMargin.Ticks, lifetime.Ticks / 2));
        var cached = new CachedToken(token, now + lifetime, now + lifetime - margin);
        await state.SetAsync(Key, cached.Encode(), lifetime, cancellationToken);
        LogRefreshed(logger, seconds);
        _metrics.TokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
        return Use(cached);
    }

    private Task<ApiResult> FetchAsync(bool force, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var payload = new JsonObject
        {
            ["grant_type"] = "client_credential",
            ["appid"] = o.AppId,
            ["secret"] = o.AppSecret,
            ["force_refresh"] = force,
        };
        return http.PostAsync("cgi-bin/stable_token", payload, accessToken: null, CallSafety.Idempotent, cancellationToken);
    }

    private async Task<CachedToken?> ReadSharedAsync(CancellationToken cancellationToken) =>
        CachedToken.Decode(await state.GetAsync(Key, cancellationToken));

    private bool Fresh(CachedToken? token, string? failedToken) =>
        token is not null && token.Token != failedToken && token.RefreshAt > time.GetUtcNow();

    private TokenResult Use(CachedToken token)
    {
        _local = token;
        return new TokenResult(token.Token, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat access token refreshed; valid for {Seconds} s")]
    private static partial void LogRefreshed(ILogger logger, long seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "WeChat access token could not be fetched: errcode {ErrCode} {ErrMsg}")]
    private static partial void LogFetchFailed(ILogger logger, int errCode, string errMsg);

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt)
    {
        public string Encode() => string.Join('|', ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), RefreshAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Token);

        public static CachedToken? Decode(string? value)
        {
            var parts = value?.Split('|', 3);
            if (parts is not { Length: 3 } ||
                !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) ||
                !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var refresh))
            {
                return null;
            }

            return new CachedToken(parts[2], DateTimeOffset.FromUnixTimeMilliseconds(expires), DateTimeOffset.FromUnixTimeMilliseconds(refresh));
        }
    }
}

/// <summary>A token, or the API failure that prevented getting one.</summary>
public sealed record TokenResult(string? Token, ApiResult? Error);
