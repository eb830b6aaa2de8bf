using System.Net;
using BranchBot.Bot.Hosting;
using BranchBot.Bot.Study;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.Security;

/// <summary>Demo data and the public local-trial identity only where it is a demo: no WeChat settings, loopback only.</summary>
public sealed class LocalTrialTests
{
    [Theory]
    [InlineData("--urls=http://0.0.0.0:5000")]
    [InlineData("--urls=http://[::]:5000")]
    [InlineData("--urls=http://*:5000")]
    [InlineData("--http_ports=8080")]
    public void Start_NonLoopbackWithoutWeChatSettings_RefusesSayingWhatToSet(string listen)
    {
        var error = Assert.Throws<StartupRefusedException>(() => BotApp.Build([listen]));

        Assert.Contains("WeChat__AppId", error.Message);
        Assert.Contains("WeChat__Token", error.Message);
    }

    [Fact]
    public void Start_NonLoopbackWithTheLocalTrialToken_Refuses()
    {
        var error = Assert.Throws<StartupRefusedException>(() => BotApp.Build(
            ["--urls=http://0.0.0.0:5000", "--WeChat:AppId=wxabc", "--WeChat:Token=" + BranchBot.Adapters.WeChat.WeChatOptions.LocalTrial.Token]));

        Assert.Contains("local-trial Token", error.Message);
    }

    [Fact]
    public async Task Start_WithWeChatSettingsOnTheEmbeddedStore_LoadsNoDemoDataAndHasNoOutbox()
    {
        await using var bot = await BotServer.StartAsync();

        Assert.False(bot.Services.GetRequiredService<DemoData>().Loaded);
        Assert.Empty(await bot.Services.GetRequiredService<IMemberStore>().ListAllAsync(default));
        using var outbox = await bot.Http.GetAsync("/local/outbox");
        Assert.Equal(HttpStatusCode.NotFound, outbox.StatusCode);
    }

    [Fact]
    public async Task Start_WithRedisOnLoopback_LoadsNoDemoDataUnlessAskedFor()
    {
        var settings = new Dictionary<string, string?>(BotServer.LocalTrial)
        {
            ["Redis:Configuration"] = RedisServer.Shared.Configuration,
            ["Redis:KeyPrefix"] = RedisServer.UniquePrefix(),
        };
        await using var bot = await BotServer.StartAsync(settings);

        Assert.Empty(await bot.Services.GetRequiredService<IMemberStore>().ListAllAsync(default));
    }

    [Fact]
    public async Task LocalTrial_LoadsTheDemoButNeverAnAdminRow_AndSaysWhichModeInTheLog()
    {
        var logs = new CapturingLoggerProvider();
        var app = BotApp.Build(["--urls=http://127.0.0.1:0"], b =>
        {
            b.Logging.ClearProviders();
            b.Services.AddSingleton<ILoggerProvider>(logs);
        });
        await app.StartAsync();
        try
        {
            var members = await app.Services.GetRequiredService<IMemberStore>().ListAllAsync(default);
            Assert.NotEmpty(members);
            Assert.DoesNotContain(members, m => m.Role == MemberRole.Admin);
            Assert.Contains(logs.Entries, e => e.Message.StartsWith("Mode: local trial", StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
