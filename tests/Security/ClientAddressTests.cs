using System.Net;
using System.Text;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Security;

/// <summary>One client address for every decision (the framework's forwarded headers); local stand-ins tell the truth.</summary>
public sealed class ClientAddressTests
{
    private static async Task<HttpStatusCode> GetAsync(BotServer bot, string path, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await bot.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task LocalOutbox_ARemoteClientBehindALocalProxy_IsNotLoopback()
    {
        await using var bot = await BotServer.StartAsync(BotServer.LocalTrial.ToDictionary());

        Assert.Equal(HttpStatusCode.OK, await GetAsync(bot, "/local/outbox", null));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(bot, "/local/outbox", "203.0.113.7"));
    }

    [Fact]
    public async Task SignInLimit_IPv6ClientsRotatingThroughTheirSlash64_ShareOneBucket()
    {
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?> { ["Console:FailuresPerAddress"] = "3" });
        async Task<HttpStatusCode> TryAsync(string from)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session") { Content = new StringContent("""{"token":"guess-guess-guess"}""", Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Forwarded-For", from);
            using var response = await bot.Http.SendAsync(request);
            return response.StatusCode;
        }

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync($"2001:db8:1:2::{i:x}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync("2001:db8:1:2:ffff:ffff:ffff:fffe"));
        Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync("2001:db8:1:3::1"));
    }

    [Fact]
    public async Task LocalTemplateStandIn_IsNotRecordedAsDelivered_AndTheSmsFallbackRuns()
    {
        await using var bot = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["WeChat:AppSecret"] = string.Empty });
        var meeting = await bot.ScheduleAsync(TimeSpan.FromHours(2));
        bot.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        await bot.DispatchAsync();

        var outcomes = await bot.Get<IReminderQueue>().ListOutcomesAsync(meeting.Id, default);
        var zhao = outcomes.Where(o => o.MemberId == MeetingBot.MemberId("13800000002")).ToList();
        Assert.NotEmpty(zhao);
        Assert.DoesNotContain(zhao, o => o.Channel == DeliveryChannel.Template && o.Status == DeliveryStatus.Sent);
        Assert.Contains(bot.Sms.Sent, m => m.Phone == "13800000002");
    }
}
