using System.Net;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Admin;

/// <summary>Delivery outcomes in the console and the retry of a failed one: sent once however often it is clicked.</summary>
public sealed class DeliveryApiTests : IAsyncLifetime
{
    private MeetingBot _bot = null!;

    public async Task InitializeAsync() => _bot = await MeetingBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    /// <summary>A meeting in two days whose 24-hour reminders went out with every SMS failing for good.</summary>
    private async Task<string> FailedSmsAsync()
    {
        var meeting = await _bot.ScheduleAsync(TimeSpan.FromDays(2));
        _bot.Sms.Answer = _ => SmsResult.Failed("isv.BUSINESS_LIMIT_CONTROL", "触发流控", retryable: false);
        _bot.Clock.Advance(TimeSpan.FromDays(1));
        await _bot.DispatchAsync();
        _bot.Sms.Answer = null;
        return meeting.Id;
    }

    [Fact]
    public async Task Deliveries_ListsOutcomesFilteredByStatus_FailedSmsRetryable()
    {
        var meetingId = await FailedSmsAsync();

        var (status, json, _) = await _bot.GetAsync("/api/deliveries?status=failed");
        Assert.Equal(HttpStatusCode.OK, status);
        var items = json!["items"]!.AsArray();
        Assert.Equal(["李重名", "钱二"], items.Select(i => i!["name"]!.GetValue<string>()).Order());
        Assert.All(items, i => Assert.True(i!["retryable"]!.GetValue<bool>()));
        Assert.All(items, i => Assert.Equal(meetingId, i!["meetingId"]!.GetValue<string>()));

        (_, json, _) = await _bot.GetAsync("/api/deliveries?status=sent");
        Assert.All(json!["items"]!.AsArray(), i => Assert.False(i!["retryable"]!.GetValue<bool>()));
        Assert.Equal(2, json["items"]!.AsArray().Count);

        Assert.Equal("status", (await _bot.GetAsync("/api/deliveries?status=lost")).Json!.ErrorField());
        Assert.Equal("days", (await _bot.GetAsync("/api/deliveries?days=-1")).Json!.ErrorField());
        Assert.Empty((await _bot.GetAsync("/api/deliveries", MeetingBot.Branch2Key)).Json!["items"]!.AsArray());
        var branch1 = await _bot.BranchIdAsync("测试第一支部");
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.GetAsync($"/api/deliveries?branchId={branch1}", MeetingBot.Branch2Key)).Status);
    }

    [Fact]
    public async Task Retry_DoubleClicked_QueuesOnceAndSendsOnce()
    {
        var meetingId = await FailedSmsAsync();
        var failed = (await _bot.GetAsync("/api/deliveries?status=failed")).Json!["items"]!.AsArray().First(i => i!["name"]!.GetValue<string>() == "钱二")!;
        var body = $$"""{"meetingId":"{{meetingId}}","jobId":"{{failed["jobId"]!.GetValue<string>()}}"}""";

        var clicks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _bot.CallAsync(HttpMethod.Post, "/api/deliveries/retry", json: body)));
        Assert.All(clicks, c => Assert.Equal(HttpStatusCode.OK, c.Status));
        Assert.Single(clicks, c => c.Json!["queued"]!.GetValue<bool>());
        Assert.Single(clicks.Select(c => c.Json!["jobId"]!.GetValue<string>()).Distinct());

        var before = _bot.Sms.Sent.Count;
        await _bot.DispatchAsync();
        await _bot.DispatchAsync();
        Assert.Equal(before + 1, _bot.Sms.Sent.Count);
        Assert.Equal("13800000003", _bot.Sms.Sent.Last().Phone);

        var items = (await _bot.GetAsync("/api/deliveries")).Json!["items"]!.AsArray();
        Assert.DoesNotContain(items, i => i!["jobId"]!.GetValue<string>() == failed["jobId"]!.GetValue<string>() && i["retryable"]!.GetValue<bool>());
        Assert.Contains(items, i => i!["jobId"]!.GetValue<string>().EndsWith("~r1") && i["status"]!.GetValue<string>() == "sent");
        Assert.Equal(HttpStatusCode.Conflict, (await _bot.CallAsync(HttpMethod.Post, "/api/deliveries/retry", json: body)).Status);
    }

    [Fact]
    public async Task Retry_BadRequestsAndOtherBranches_AreRefusedWithJsonErrors()
    {
        var meetingId = await FailedSmsAsync();
        var sent = (await _bot.GetAsync("/api/deliveries?status=sent")).Json!["items"]![0]!["jobId"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.BadRequest, (await _bot.CallAsync(HttpMethod.Post, "/api/deliveries/retry", json: "{oops")).Status);
        Assert.Equal("jobId", (await _bot.CallAsync(HttpMethod.Post, "/api/deliveries/retry", json: $$"""{"meetingId":"{{meetingId}}"}""")).Json!.ErrorField());
        Assert.Equal("meetingId", (await _bot.CallAsync(HttpMethod.Post, "/api/deliveries/retry", json: """{"jobId":"x"}""")).Json!.ErrorField());
        Assert.Equal(HttpStatusCode.NotFound, (await _bot.CallAsync(HttpMethod.Post, "/api/deliveries/retry", json: """{"meetingId":"nope","jobId":"x"}""")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _bot.CallAsync(HttpMethod.Post, "/api/deliveries/retry", json: $$"""{"meetingId":"{{meetingId}}","jobId":"{{sent}}"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.CallAsync(HttpMethod.Post, "/api/deliveries/retry", MeetingBot.Branch2Key, $$"""{"meetingId":"{{meetingId}}","jobId":"{{sent}}"}""")).Status);
    }
}
