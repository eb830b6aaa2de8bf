using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.Sms;

/// <summary>Start-up checks with messages that name the missing or wrong setting (never its value).</summary>
internal sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions o)
    {
        var errors = new List<string>();
        var provider = o.Provider?.Trim() ?? string.Empty;
        if (provider.Equals(SmsOptions.AliyunProvider, StringComparison.OrdinalIgnoreCase))
        {
            Require(errors, o.Aliyun.AccessKeyId, "Sms:Aliyun:AccessKeyId", "the RAM user's AccessKey ID");
            Require(errors, o.Aliyun.AccessKeySecret, "Sms:Aliyun:AccessKeySecret", "the RAM user's AccessKey secret");
            Require(errors, o.Aliyun.RegionId, "Sms:Aliyun:RegionId", "e.g. cn-hangzhou");
            RequireEndpoint(errors, o.Aliyun.Endpoint, "Sms:Aliyun:Endpoint");
            RequireMessaging(errors, o, provider);
        }
        else if (provider.Equals(SmsOptions.TencentProvider, StringComparison.OrdinalIgnoreCase))
        {
            Require(errors, o.Tencent.SecretId, "Sms:Tencent:SecretId", "the API key's SecretId");
            Require(errors, o.Tencent.SecretKey, "Sms:Tencent:SecretKey", "the API key's SecretKey");
            Require(errors, o.Tencent.SdkAppId, "Sms:Tencent:SdkAppId", "the SMS application's SdkAppId, e.g. 1400006666");
            Require(errors, o.Tencent.Region, "Sms:Tencent:Region", "e.g. ap-guangzhou");
            RequireEndpoint(errors, o.Tencent.Endpoint, "Sms:Tencent:Endpoint");
            RequireMessaging(errors, o, provider);
        }
        else if (!provider.Equals(SmsOptions.LogProvider, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Sms:Provider must be \"log\", \"aliyun\" or \"tencent\" (it is \"{provider}\").");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequireMessaging(List<string> errors, SmsOptions o, string provider)
    {
        Require(errors, o.SignName, "Sms:SignName", "the approved signature (签名)");
        if (o.Templates.Count == 0)
        {
            errors.Add($"Sms:Templates needs at least one entry when Sms:Provider is \"{provider}\": our template name → the approved template, e.g. Sms:Templates:MeetingReminder.");
        }

        foreach (var (template, code) in o.Templates)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                errors.Add($"Sms:Templates:{template} is empty: set the provider's approved template code or id.");
            }
        }
    }

    private static void Require(List<string> errors, string? value, string setting, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{setting} is required for the selected SMS provider ({what}).");
        }
        else if (value.Trim().Length != value.Length)
        {
            errors.Add($"{setting} must not start or end with spaces.");
        }
    }

    private static void RequireEndpoint(List<string> errors, string? value, string setting)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add($"{setting} must be an absolute http(s) address.");
        }
    }
}
