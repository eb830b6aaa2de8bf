using System.ComponentModel.DataAnnotations;

namespace BranchBot.Adapters.Sms;

/// <summary>The SMS provider and its account. Bound from the <c>Sms</c> section (env: <c>Sms__Provider</c>…).</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    public const string LogProvider = "log";
    public const string AliyunProvider = "aliyun";
    public const string TencentProvider = "tencent";

    /// <summary>"log" (write to the log and keep in memory, the default), "aliyun" or "tencent".</summary>
    [Required]
    public string Provider { get; set; } = LogProvider;

    /// <summary>The approved signature (签名), e.g. 某某市直机关工委; required by both providers.</summary>
    [MaxLength(64)]
    public string SignName { get; set; } = string.Empty;

    /// <summary>Our template name → the provider's approved template (Aliyun "SMS_123456789", Tencent "1110").</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public AliyunSmsOptions Aliyun { get; set; } = new();

    public TencentSmsOptions Tencent { get; set; } = new();

    /// <summary>Timeout of one call to the provider. A timed-out call is never repeated: the text may have gone out.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a call the provider refused without sending (system busy, throttled, connection failed).</summary>
    [Range(0, 5)]
    public int Retries { get; set; } = 2;

    /// <summary>First backoff delay between retries (exponential, jittered).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Calls per second this process makes to the provider (a token bucket, awaited before each call).</summary>
    [Range(1, 1000)]
    public int RatePerSecond { get; set; } = 20;
}

/// <summary>Aliyun SMS (dysmsapi), signed RPC style with an AccessKey pair.</summary>
public sealed class AliyunSmsOptions
{
    public string AccessKeyId { get; set; } = string.Empty;

    /// <summary>The AccessKey secret. Never logged.</summary>
    public string AccessKeySecret { get; set; } = string.Empty;

    /// <summary>Base address of the API; tests point it at a local fake.</summary>
    public string Endpoint { get; set; } = "https://dysmsapi.aliyuncs.com";

    public string RegionId { get; set; } = "cn-hangzhou";

    /// <summary>Characters one template parameter may hold (Aliyun's variable rules: at most 35); 0 for no limit.</summary>
    [Range(0, 500)]
    public int MaxParameterLength { get; set; } = 35;
}

/// <summary>Tencent Cloud SMS (API 2021-01-11), signed with TC3-HMAC-SHA256.</summary>
public sealed class TencentSmsOptions
{
    public string SecretId { get; set; } = string.Empty;

    /// <summary>The API secret key. Never logged.</summary>
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>The SMS application's SdkAppId (e.g. 1400006666).</summary>
    public string SdkAppId { get; set; } = string.Empty;

    /// <summary>Base address of the API; tests point it at a local fake.</summary>
    public string Endpoint { get; set; } = "https://sms.tencentcloudapi.com";

    public string Region { get; set; } = "ap-guangzhou";

    /// <summary>
    /// Characters one template parameter may hold: Tencent Cloud allows 12 per variable unless the account is
    /// verified as an organisation, which may set 0 (no per-variable limit; the whole text stays within 500).
    /// </summary>
    [Range(0, 500)]
    public int MaxParameterLength { get; set; } = 12;
}
