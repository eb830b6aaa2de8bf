using BranchBot.Adapters.Sms;
using BranchBot.Adapters.Sms.Aliyun;
using BranchBot.Adapters.Sms.Tencent;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchBot.Tests.Sms;

/// <summary>Settings validation (messages name the setting, never a secret) and provider selection by AddSms.</summary>
public sealed class SmsOptionsTests
{
    private static string Failures(Dictionary<string, string?> settings)
    {
        using var provider = SmsTestHost.Build(settings, new ManualClock());
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmsOptions>>().Value);
        return string.Join("\n", error.Failures);
    }

    [Fact]
    public void AddSms_NothingConfigured_UsesTheLogProvider()
    {
        using var provider = SmsTestHost.Build(new Dictionary<string, string?>(), new ManualClock());

        var sender = provider.GetRequiredService<ISmsSender>();
        Assert.IsType<LogSmsSender>(sender);
        Assert.Equal("log", sender.Provider);
        Assert.Same(sender, provider.GetRequiredService<ISmsSender>());
        var options = provider.GetRequiredService<IOptions<SmsOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(5), options.AttemptTimeout);
        Assert.Equal(2, options.Retries);
        Assert.Equal(20, options.RatePerSecond);
        Assert.Equal("https://dysmsapi.aliyuncs.com", options.Aliyun.Endpoint);
        Assert.Equal("cn-hangzhou", options.Aliyun.RegionId);
        Assert.Equal("https://sms.tencentcloudapi.com", options.Tencent.Endpoint);
        Assert.Equal("ap-guangzhou", options.Tencent.Region);
    }

    [Theory]
    [InlineData("aliyun", typeof(AliyunSmsSender))]
    [InlineData("Tencent", typeof(TencentSmsSender))]
    public void AddSms_ProviderConfigured_RegistersItsSender(string name, Type expected)
    {
        using var provider = SmsTestHost.Build(new Dictionary<string, string?>
        {
            ["Sms:Provider"] = name,
            ["Sms:SignName"] = "市直机关工委",
            ["Sms:Templates:MeetingReminder"] = "SMS_1",
            ["Sms:Aliyun:AccessKeyId"] = "id",
            ["Sms:Aliyun:AccessKeySecret"] = "secret",
            ["Sms:Tencent:SecretId"] = "id",
            ["Sms:Tencent:SecretKey"] = "key",
            ["Sms:Tencent:SdkAppId"] = "1400006666",
        }, new ManualClock());

        Assert.IsType(expected, provider.GetRequiredService<ISmsSender>());
    }

    [Fact]
    public void Validate_AliyunWithNothingElse_NamesEachMissingSetting()
    {
        var failures = Failures(new() { ["Sms:Provider"] = "aliyun" });

        Assert.Contains("Sms:Aliyun:AccessKeyId is required", failures);
        Assert.Contains("Sms:Aliyun:AccessKeySecret is required", failures);
        Assert.Contains("Sms:SignName is required", failures);
        Assert.Contains("Sms:Templates needs at least one entry", failures);
    }

    [Fact]
    public void Validate_TencentWithoutSdkAppId_NamesIt()
    {
        var failures = Failures(new()
        {
            ["Sms:Provider"] = "tencent",
            ["Sms:SignName"] = "市直机关工委",
            ["Sms:Templates:MeetingReminder"] = "1110",
            ["Sms:Tencent:SecretId"] = "AKIDexample",
            ["Sms:Tencent:SecretKey"] = "very-secret-key",
        });

        Assert.Contains("Sms:Tencent:SdkAppId is required", failures);
        Assert.DoesNotContain("SecretKey", failures);
        Assert.DoesNotContain("very-secret-key", failures);
    }

    [Fact]
    public void Validate_TemplateWithoutCode_NamesTheTemplate()
    {
        var failures = Failures(new()
        {
            ["Sms:Provider"] = "aliyun",
            ["Sms:SignName"] = "市直机关工委",
            ["Sms:Templates:MeetingReminder"] = "",
            ["Sms:Aliyun:AccessKeyId"] = "id",
            ["Sms:Aliyun:AccessKeySecret"] = "secret",
        });

        Assert.Contains("Sms:Templates:MeetingReminder is empty", failures);
    }

    [Fact]
    public void Validate_UnknownProvider_ListsTheKnownOnes()
    {
        var failures = Failures(new() { ["Sms:Provider"] = "twilio" });

        Assert.Contains("Sms:Provider must be \"log\", \"aliyun\" or \"tencent\" (it is \"twilio\")", failures);
    }

    [Fact]
    public void Validate_RateAndTimeoutOutOfRange_NameTheSettings()
    {
        var failures = Failures(new() { ["Sms:RatePerSecond"] = "0", ["Sms:AttemptTimeout"] = "00:05:00", ["Sms:Retries"] = "9" });

        Assert.Contains("RatePerSecond", failures);
        Assert.Contains("AttemptTimeout", failures);
        Assert.Contains("Retries", failures);
    }

    [Fact]
    public void Validate_BadEndpoint_NamesIt()
    {
        var failures = Failures(new()
        {
            ["Sms:Provider"] = "aliyun",
            ["Sms:SignName"] = "市直机关工委",
            ["Sms:Templates:MeetingReminder"] = "SMS_1",
            ["Sms:Aliyun:AccessKeyId"] = "id",
            ["Sms:Aliyun:AccessKeySecret"] = "secret",
            ["Sms:Aliyun:Endpoint"] = "dysmsapi.aliyuncs.com",
        });

        Assert.Contains("Sms:Aliyun:Endpoint must be an absolute http(s) address", failures);
    }

    [Fact]
    public async Task Start_AliyunWithoutSecret_StopsStartUpNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "aliyun",
            ["Sms:SignName"] = "市直机关工委",
            ["Sms:Templates:MeetingReminder"] = "SMS_1",
            ["Sms:Aliyun:AccessKeyId"] = "id",
        });
        builder.Services.AddSms();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Sms:Aliyun:AccessKeySecret is required", error.Message);
    }
}
