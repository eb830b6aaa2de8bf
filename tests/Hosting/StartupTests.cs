using System.Net;
using BranchBot.Adapters.WeChat;
using BranchBot.Bot.Hosting;
using BranchBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchBot.Tests.Hosting;

public sealed class StartupTests
{
    [Theory]
    [InlineData("WeChat:EncodingAESKey", "tooShortKey", "EncodingAESKey must be exactly 43")]
    [InlineData("WeChat:Token", "x", "WeChat:Token is required")]
    [InlineData("WeChat:ApiBaseUrl", "not a url", "ApiBaseUrl")]
    [InlineData("Conversation:ReplyBudget", "00:00:09", "ReplyBudget")]
    [InlineData("Redis:Configuration", "127.0.0.1:1,connectTimeout=notanumber", "Redis:Configuration")]
    [InlineData("Redis:QueueBuckets", "0", "Redis:QueueBuckets")]
    [InlineData("Admin:ApiKeys:0:Key", "short", "Admin:ApiKeys")]
    [InlineData("Reminders:Offsets", "soon", "Reminders:Offsets")]
    [InlineData("Reminders:TemplateFields:number5", "{title}", "Reminders:TemplateFields:number5")]
    [InlineData("Reminders:TemplateFields:time2", "{time}开始", "Reminders:TemplateFields:time2")]
    [InlineData("Reminders:TemplateApi", "mass", "Reminders:TemplateApi")]
    [InlineData("Telemetry:Prometheus:AllowedNetworks:0", "everyone", "Telemetry:Prometheus:AllowedNetworks")]
    [InlineData("Telemetry:Prometheus:Path", "/api/metrics", "Telemetry:Prometheus:Path")]
    [InlineData("Sms:Provider", "aliyun", "Sms")]
    [InlineData("Console:SessionHours", "0", "SessionHours")]
    [InlineData("Console:TrustedProxies:0", "proxy.local", "Console:TrustedProxies")]
    [InlineData("Matches:WaitSeconds", "0", "WaitSeconds")]
    [InlineData("Matches:Questions", "21", "Questions")]
    [InlineData("Matches:DuelPlacePoints", "3,2,1", "Matches:DuelPlacePoints")]
    [InlineData("Matches:FourPlacePoints", "three", "Matches:FourPlacePoints")]
    [InlineData("MemberPoints:VolunteerMax", "0", "VolunteerMax")]
    [InlineData("MemberPoints:Absent", "-1000", "Absent")]
    [InlineData("Ratings:AttendanceThreshold", "1.5", "AttendanceThreshold")]
    [InlineData("Ratings:CommitteeMin", "9", "Ratings:CommitteeMin")]
    [InlineData("Bulletins:Holidays:0", "2027-13-01", "Bulletins:Holidays")]
    [InlineData("Bulletins:RobotWebhook", "not a url", "RobotWebhook")]
    [InlineData("Matches:FourPlacePoints", "1,2", "Matches:FourPlacePoints must not give a lower place more")]
    [InlineData("Matches:Lease", "00:00:01", "Lease")]
    [InlineData("Menu:TagSyncInterval", "00:00:00", "TagSyncInterval")]
    [InlineData("Photos:Interval", "00:00:00", "Interval")]
    [InlineData("Photos:GiveUpAfter", "5.00:00:00", "GiveUpAfter")]
    [InlineData("Photos:MaxBytes", "0", "MaxBytes")]
    public async Task Start_BadSetting_FailsWithMessageNamingIt(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BotServer.StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Start_NothingConfigured_RunsTheLocalTrialWithLocalOutbox()
    {
        var app = BotApp.Build(["--urls=http://127.0.0.1:0"], b => b.Logging.ClearProviders());
        await app.StartAsync();
        try
        {
            var options = app.Services.GetRequiredService<IOptions<WeChatOptions>>().Value;
            Assert.True(options.IsLocalTrial);
            Assert.False(options.UsesApi);
            Assert.IsType<BranchBot.Adapters.Memory.LocalOutbox>(app.Services.GetRequiredService<BranchBot.Core.Messaging.IMessenger>());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Start_WithAppSecret_HidesTheLocalOutbox()
    {
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?> { ["WeChat:AppSecret"] = "secret" });
        using var response = await bot.Http.GetAsync("/local/outbox");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
