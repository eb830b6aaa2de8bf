using BranchBot.Adapters.Sms.Tencent;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Sms.Tencent;

/// <summary>The Tencent Cloud sender against a local fake that rebuilds the TC3 canonical request from what it received.</summary>
public sealed class TencentSmsSenderTests : IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly CapturedLogs _logs = new();
    private FakeTencentSms _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeTencentSms.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _fake.DisposeAsync();
    }

    private TencentSmsSender Sender(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "tencent",
            ["Sms:SignName"] = "市直机关工委",
            ["Sms:Templates:MeetingReminder"] = "1110",
            ["Sms:Tencent:SecretId"] = FakeTencentSms.SecretId,
            ["Sms:Tencent:SecretKey"] = FakeTencentSms.SecretKey,
            ["Sms:Tencent:SdkAppId"] = "1400006666",
            ["Sms:Tencent:Endpoint"] = _fake.Endpoint,
            ["Sms:RetryDelay"] = "00:00:00.010",
            ["Sms:AttemptTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var provider = SmsTestHost.Build(settings, _clock, _logs);
        _providers.Add(provider);
        return Assert.IsType<TencentSmsSender>(provider.GetRequiredService<ISmsSender>());
    }

    [Fact]
    public async Task SendAsync_Reminder_PostsSignedRequestWithParametersInTemplateOrder()
    {
        _clock.Advance(TimeSpan.FromSeconds(7));
        var result = await Sender().SendAsync(SmsTestHost.Reminder(phone: "13800138000"), default);

        Assert.True(result.Sent, result.Error);
        Assert.StartsWith("2640:", result.ProviderMessageId);
        var call = Assert.Single(_fake.Calls);
        Assert.True(call.SignatureValid);
        Assert.Equal("SendSms", call.Action);
        Assert.Equal("2021-01-11", call.Version);
        Assert.Equal("ap-guangzhou", call.Region);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), call.Timestamp);
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
        Assert.Contains("/2026-11-23/sms/tc3_request, SignedHeaders=content-type;host, Signature=", call.Authorization);

        var json = call.Json;
        Assert.Equal(["+8613800138000"], json["PhoneNumberSet"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("1400006666", json["SmsSdkAppId"]!.GetValue<string>());
        Assert.Equal("市直机关工委", json["SignName"]!.GetValue<string>());
        Assert.Equal("1110", json["TemplateId"]!.GetValue<string>());
        Assert.Equal(["张三", "支部党员大会", "11月25日 14:30", "三楼会议室"], json["TemplateParamSet"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("delivery-42", json["SessionContext"]!.GetValue<string>());
        Assert.Contains("\"张三\"", call.Body);
        Assert.DoesNotContain("\\u", call.Body);
    }

    [Fact]
    public async Task SendAsync_JustAfterMidnightInBeijing_ScopesTheCredentialByTheUtcDate()
    {
        var clock = new DateTimeOffset(2026, 11, 23, 16, 30, 0, TimeSpan.Zero);
        _clock.Advance(clock - _clock.GetUtcNow());
        var result = await Sender().SendAsync(SmsTestHost.Reminder(), default);

        Assert.True(result.Sent, result.Error);
        var call = Assert.Single(_fake.Calls);
        Assert.True(call.SignatureValid);
        Assert.Contains("/2026-11-23/sms/tc3_request", call.Authorization);
    }

    [Fact]
    public async Task SendAsync_TamperedSecret_FailsTheFakesSignatureCheck()
    {
        var result = await Sender(("Sms:Tencent:SecretKey", FakeTencentSms.SecretKey + "x")).SendAsync(SmsTestHost.Reminder(), default);

        var call = Assert.Single(_fake.Calls);
        Assert.False(call.SignatureValid);
        Assert.Equal("AuthFailure.SignatureFailure", result.ErrorCode);
        Assert.False(result.Retryable);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(FakeTencentSms.SecretKey) || l.Contains("13800138000"));
    }

    [Theory]
    [InlineData("error", "InternalError.Timeout", true)]
    [InlineData("error", "RequestLimitExceeded", true)]
    [InlineData("error", "InvalidParameterValue.IncorrectPhoneNumber", false)]
    [InlineData("error", "FailedOperation.TemplateIncorrectOrUnapproved", false)]
    [InlineData("error", "FailedOperation.SignatureIncorrectOrUnapproved", false)]
    [InlineData("status", "LimitExceeded.PhoneNumberThirtySecondLimit", false)]
    [InlineData("status", "LimitExceeded.PhoneNumberDailyLimit", false)]
    [InlineData("status", "LimitExceeded.PhoneNumberOneHourLimit", true)]
    [InlineData("status", "FailedOperation.PhoneNumberInBlacklist", false)]
    public async Task SendAsync_ProviderError_MapsCodeAndRetryable(string kind, string code, bool retryable)
    {
        if (kind == "error")
        {
            _fake.ErrorNext(code, "scripted");
        }
        else
        {
            _fake.StatusNext(code, "scripted");
        }

        var result = await Sender(("Sms:Retries", "0")).SendAsync(SmsTestHost.Reminder(), default);

        Assert.False(result.Sent);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal(retryable, result.Retryable);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task SendAsync_Http500_RetryableAndRetried()
    {
        _fake.HttpNext(500, "oops");
        var result = await Sender().SendAsync(SmsTestHost.Reminder(), default);

        Assert.True(result.Sent, result.Error);
        Assert.Equal(2, _fake.Calls.Count);
    }

    [Fact]
    public async Task SendAsync_ThirtySecondLimit_NotRetriedBecauseItMayBeADuplicate()
    {
        _fake.StatusNext("LimitExceeded.PhoneNumberThirtySecondLimit", "the number of SMS messages sent from a single mobile number within 30 seconds exceeds the upper limit");
        var result = await Sender(("Sms:Retries", "2")).SendAsync(SmsTestHost.Reminder(), default);

        Assert.Single(_fake.Calls);
        Assert.False(result.Retryable);
        Assert.Contains("30 s", result.Error);
    }

    [Fact]
    public async Task SendAsync_InternalErrorThenOk_RetriesAndSends()
    {
        _fake.ErrorNext("InternalError.OtherError", "other error");
        var result = await Sender().SendAsync(SmsTestHost.Reminder(), default);

        Assert.True(result.Sent, result.Error);
        Assert.Equal(2, _fake.Calls.Count);
        Assert.All(_fake.Calls, c => Assert.True(c.SignatureValid));
    }

    [Fact]
    public async Task SendAsync_AnswerSlowerThanAttemptTimeout_CallsOnceAndNeverRetries()
    {
        _fake.DelayNext(TimeSpan.FromSeconds(3));
        var result = await Sender(("Sms:AttemptTimeout", "00:00:00.300"), ("Sms:Retries", "2")).SendAsync(SmsTestHost.Reminder(), default);

        Assert.Single(_fake.Calls);
        Assert.Equal("Timeout", result.ErrorCode);
        Assert.False(result.Retryable);
    }
}
