using System.ComponentModel.DataAnnotations;

namespace BranchBot.Adapters.WeChat;

/// <summary>The official account and its API. Bound from the <c>WeChat</c> section (env: <c>WeChat__Token</c>…).</summary>
public sealed class WeChatOptions
{
    public const string Section = "WeChat";

    /// <summary>The account's AppID (wx…), also the tail checked inside every encrypted push.</summary>
    public string AppId { get; set; } = string.Empty;

    /// <summary>The AppSecret for the outbound API. Empty: outbound pushes go to the local outbox instead of WeChat.</summary>
    public string AppSecret { get; set; } = string.Empty;

    /// <summary>The server-configuration Token (3–32 letters or digits) that signs every push.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>The 43-character EncodingAESKey for compatible and safe mode; empty for plaintext mode only.</summary>
    public string EncodingAESKey { get; set; } = string.Empty;

    /// <summary>
    /// Refuse plaintext pushes (compatible and safe mode send ciphertext). Unset: on whenever an EncodingAESKey is
    /// configured (off in the local trial, whose console chat also speaks plaintext).
    /// </summary>
    public bool? RequireEncryption { get; set; }

    /// <summary>Whether plaintext pushes are refused: <see cref="RequireEncryption"/>, or its default.</summary>
    public bool EncryptionRequired => RequireEncryption ?? (EncodingAESKey.Length > 0 && !IsLocalTrial);

    /// <summary>Base address of the WeChat API; tests point it at a local fake.</summary>
    [Url]
    public string ApiBaseUrl { get; set; } = "https://api.weixin.qq.com";

    /// <summary>How far a push's timestamp may be from our clock before it is refused as stale or forged.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan TimestampWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest push body accepted; larger gets 413.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Timeout of one API attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ApiAttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a retryable API failure (system busy, network error), with jittered exponential backoff.</summary>
    [Range(0, 10)]
    public int ApiRetries { get; set; } = 3;

    /// <summary>First backoff delay between API retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan ApiRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Calls per second this instance makes to the WeChat API (a token bucket; WeChat limits per minute and per day).</summary>
    [Range(1, 10_000)]
    public int ApiRatePerSecond { get; set; } = 200;

    /// <summary>Refresh the shared access token this long before it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:30:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when the outbound API is configured (an AppSecret is set).</summary>
    public bool UsesApi => !string.IsNullOrWhiteSpace(AppSecret);

    /// <summary>True when this is the built-in local-trial identity (nothing of the account was configured).</summary>
    public bool IsLocalTrial => AppId == LocalTrial.AppId && Token == LocalTrial.Token;

    /// <summary>
    /// The identity used when none of AppId, AppSecret, Token and EncodingAESKey is configured, so the bot starts on a
    /// fresh machine and the console chat can talk to it. It cannot reach WeChat: without an AppSecret all pushes stay local.
    /// </summary>
    public static class LocalTrial
    {
        public const string AppId = "wx0000000000localtrial";
        public const string Token = "branchbotlocal";
        public const string EncodingAESKey = "LocalTrialKeyForBranchBotConsoleChat0123456";
    }
}
