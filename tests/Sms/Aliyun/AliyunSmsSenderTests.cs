using BranchBot.Adapters.Sms;
using BranchBot.Adapters.Sms.Aliyun;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Sms.Aliyun;

/// <summary>The Aliyun sender against a local fake that checks every signature on its own.</summary>
public sealed class AliyunSmsSenderTests : IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly CapturedLogs _logs = new();
    private FakeAliyunSms _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeAliyunSms.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _fake.DisposeAsync();
    }

    private AliyunSmsSender Sender(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "aliyun",
            ["Sms:SignName"] = "市直机关工委",
            ["Sms:Templates:MeetingReminder"] = "SMS_123456789",
            ["Sms:Aliyun:AccessKeyId"] = FakeAliyunSms.AccessKeyId,
            ["Sms:Aliyun:AccessKeySecret"] = FakeAliyunSms.AccessKeySecret,
            ["Sms:Aliyun:Endpoint"] = _fake.Endpoint,
            ["Sms:RetryDelay"] = "00:00:00.010",
            ["Sms:AttemptTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var provider = SmsTestHost.Build(settings, _clock, _logs);
        _providers.Add(provider);
        return Assert.IsType<AliyunSmsSender>(provider.GetRequiredService<ISmsSender>());
    }

    [Fact]
    public async Task SendAsync_Reminder_PostsSignedSendSmsWithMappedParameters()
    {
        _clock.Advance(TimeSpan.FromSeconds(5));
        var result = await Sender().SendAsync(SmsTestHost.Reminder(phone: "+86 138-0013-8000"), default);

        Assert.True(result.Sent, result.Error);
        Assert.StartsWith("9006197469364984^", result.ProviderMessageId);
        var call = Assert.Single(_fake.Calls);
        Assert.True(call.SignatureValid);
        Assert.StartsWith("application/x-www-form-urlencoded", call.ContentType);
        Assert.Equal("SendSms", call["Action"]);
        Assert.Equal("2017-05-25", call["Version"]);
        Assert.Equal("JSON", call["Format"]);
        Assert.Equal("cn-hangzhou", call["RegionId"]);
        Assert.Equal("HMAC-SHA1", call["SignatureMethod"]);
        Assert.Equal("1.0", call["SignatureVersion"]);
        Assert.Equal(FakeAliyunSms.AccessKeyId, call["AccessKeyId"]);
        Assert.Equal("13800138000", call["PhoneNumbers"]);
        Assert.Equal("市直机关工委", call["SignName"]);
        Assert.Equal("SMS_123456789", call["TemplateCode"]);
        Assert.Equal("delivery-42", call["OutId"]);
        Assert.Equal("2026-11-23T09:00:05Z", call["Timestamp"]);
        Assert.False(string.IsNullOrEmpty(call["SignatureNonce"]));
        Assert.Equal("""{"name":"张三","meeting":"支部党员大会","time":"11月25日 14:30","place":"三楼会议室"}""", call["TemplateParam"]);
        Assert.Contains("%E5%BC%A0%E4%B8%89", call.RawBody);
        Assert.Contains("14%3A30", call.RawBody);
        Assert.DoesNotContain("%5Cu", call.RawBody);
        Assert.DoesNotContain("+", call.RawBody);
    }

    [Fact]
    public async Task SendAsync_TwoSends_EachSignedWithAFreshNonceAndTheClocksTime()
    {
        var sender = Sender();
        await sender.SendAsync(SmsTestHost.Reminder(), default);
        _clock.Advance(TimeSpan.FromMinutes(61));
        await sender.SendAsync(SmsTestHost.Reminder(), default);

        var calls = _fake.Calls;
        Assert.All(calls, c => Assert.True(c.SignatureValid));
        Assert.NotEqual(calls[0]["SignatureNonce"], calls[1]["SignatureNonce"]);
        Assert.Equal(["2026-11-23T09:00:00Z", "2026-11-23T10:01:00Z"], calls.Select(c => c["Timestamp"]));
    }

    [Fact]
    public async Task SendAsync_TamperedSecret_FailsTheFakesSignatureCheckAndLeaksNothing()
    {
        var result = await Sender(("Sms:Aliyun:AccessKeySecret", "testsecret-tampered")).SendAsync(SmsTestHost.Reminder(), default);

        var call = Assert.Single(_fake.Calls);
        Assert.False(call.SignatureValid);
        Assert.False(result.Sent);
        Assert.Equal("SignatureDoesNotMatch", result.ErrorCode);
        Assert.False(result.Retryable);
        Assert.DoesNotContain("13800138000", result.Error);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("13800138000") || l.Contains("testsecret") || l.Contains("张三"));
        Assert.Contains(_logs.Lines, l => l.Contains("138****8000") && l.Contains("SignatureDoesNotMatch"));
    }

    [Theory]
    [InlineData("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号", 200, false)]
    [InlineData("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板", 200, false)]
    [InlineData("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名", 200, false)]
    [InlineData("isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:50", 200, false)]
    [InlineData("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5", 200, true)]
    [InlineData("Throttling.User", "Request was denied due to user flow control.", 400, true)]
    [InlineData("isp.SYSTEM_ERROR", "isp.SYSTEM_ERROR", 200, true)]
    [InlineData("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503, true)]
    public async Task SendAsync_ProviderError_MapsCodeAndRetryable(string code, string message, int status, bool retryable)
    {
        _fake.AnswerNext(code, message, status);
        var result = await Sender(("Sms:Retries", "0")).SendAsync(SmsTestHost.Reminder(), default);

        Assert.False(result.Sent);
        Assert.Null(result.ProviderMessageId);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal(retryable, result.Retryable);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task SendAsync_GatewayAnswers502WithHtml_RetryableHttpError()
    {
        _fake.AnswerNextRaw(502, "<html>Bad Gateway</html>");
        var result = await Sender(("Sms:Retries", "0")).SendAsync(SmsTestHost.Reminder(), default);

        Assert.Equal("HTTP 502", result.ErrorCode);
        Assert.True(result.Retryable);
    }

    [Fact]
    public async Task SendAsync_DailyLimit_NotRetriedAndSaysSo()
    {
        _fake.AnswerNext("isv.BUSINESS_LIMIT_CONTROL", "触发天级流控Permits:50");
        var result = await Sender().SendAsync(SmsTestHost.Reminder(), default);

        Assert.Single(_fake.Calls);
        Assert.False(result.Retryable);
        Assert.Contains("daily limit", result.Error);
    }

    [Fact]
    public async Task SendAsync_SystemErrorThenOk_RetriesWithANewNonceAndSends()
    {
        _fake.AnswerNext("isp.SYSTEM_ERROR", "isp.SYSTEM_ERROR");
        var result = await Sender().SendAsync(SmsTestHost.Reminder(), default);

        Assert.True(result.Sent, result.Error);
        var calls = _fake.Calls;
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.True(c.SignatureValid));
        Assert.NotEqual(calls[0]["SignatureNonce"], calls[1]["SignatureNonce"]);
    }

    [Fact]
    public async Task SendAsync_SystemErrorEveryTime_GivesUpAfterTheRetriesAsRetryable()
    {
        for (var i = 0; i < 3; i++)
        {
            _fake.AnswerNext("isp.SYSTEM_ERROR", "isp.SYSTEM_ERROR");
        }

        var result = await Sender(("Sms:Retries", "2")).SendAsync(SmsTestHost.Reminder(), default);

        Assert.Equal(3, _fake.Calls.Count);
        Assert.Equal("isp.SYSTEM_ERROR", result.ErrorCode);
        Assert.True(result.Retryable);
    }

    [Fact]
    public async Task SendAsync_AnswerSlowerThanAttemptTimeout_CallsOnceAndNeverRetries()
    {
        _fake.DelayNext(TimeSpan.FromSeconds(3));
        var result = await Sender(("Sms:AttemptTimeout", "00:00:00.300"), ("Sms:Retries", "2")).SendAsync(SmsTestHost.Reminder(), default);

        Assert.Single(_fake.Calls);
        Assert.False(result.Sent);
        Assert.Equal("Timeout", result.ErrorCode);
        Assert.False(result.Retryable);
    }

    [Fact]
    public async Task SendAsync_NothingListening_RetriesTheConnectionAndReportsRetryable()
    {
        var sender = Sender(("Sms:Aliyun:Endpoint", "http://127.0.0.1:1"), ("Sms:Retries", "2"));
        var result = await sender.SendAsync(SmsTestHost.Reminder(), default);

        Assert.Equal("ConnectionFailed", result.ErrorCode);
        Assert.True(result.Retryable);
        Assert.Equal(3, sender.Pipeline.Limiter.GetStatistics()!.TotalSuccessfulLeases);
    }

    [Fact]
    public async Task SendAsync_TemplateNotConfigured_FailsWithoutCallingAliyun()
    {
        var result = await Sender().SendAsync(SmsTestHost.Reminder() with { Template = "StudyDigest" }, default);

        Assert.Equal("TemplateNotConfigured", result.ErrorCode);
        Assert.Contains("Sms:Templates:StudyDigest", result.Error);
        Assert.False(result.Retryable);
        Assert.Empty(_fake.Calls);
    }

    [Fact]
    public async Task SendAsync_NotAMobileNumber_FailsWithoutCallingAliyun()
    {
        var result = await Sender().SendAsync(SmsTestHost.Reminder(phone: "010-12345678"), default);

        Assert.Equal("InvalidPhone", result.ErrorCode);
        Assert.False(result.Retryable);
        Assert.Empty(_fake.Calls);
    }

    [Fact]
    public async Task SendAsync_SixAtTwoPerSecond_SpreadOverAtLeastTwoSeconds()
    {
        var sender = Sender(("Sms:RatePerSecond", "2"));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => sender.SendAsync(SmsTestHost.Reminder(correlationId: "d" + i), default)));

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Assert.All(results, r => Assert.True(r.Sent, r.Error));
        var statistics = sender.Pipeline.Limiter.GetStatistics()!;
        Assert.Equal(6, statistics.TotalSuccessfulLeases);
        Assert.Equal(0, statistics.TotalFailedLeases);
        // A full bucket lets 2 go at once; the other 4 wait 0.5 s each. Measured loosely.
        Assert.True(elapsed >= TimeSpan.FromSeconds(1.5), $"took {elapsed}");
        var arrivals = _fake.Calls.Select(c => c.ArrivedAt).Order().ToArray();
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]) >= TimeSpan.FromSeconds(1.5));
    }
}
