using System.Net;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Security;

/// <summary>Pushes that cannot be replayed with another body, and plaintext refused once an EncodingAESKey is set.</summary>
public sealed class ReplayCacheTests
{
    [Fact]
    public async Task Plaintext_CapturedQueryWithAnotherBody_Is401_TheSameBodyIsARetry()
    {
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?> { ["Reminders:RunWorkers"] = "false" });
        var captured = bot.Composer.Sign(bot.TextXml("oVictim", "帮助"), "oVictim", bot.ClockNow, encrypt: false);
        using var first = await bot.Http.PostAsync(captured.PathAndQuery(), new StringContent(captured.Body));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var answer = await first.Content.ReadAsStringAsync();

        // The signature covers only timestamp and nonce: an attacker puts words in the victim's mouth under it.
        var forged = bot.TextXml("oVictim", "签到 123456");
        using var replay = await bot.Http.PostAsync(captured.PathAndQuery(), new StringContent(forged));
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("already used", await replay.Content.ReadAsStringAsync());

        // WeChat's own retry carries the same body and gets the same answer from the de-duplication.
        using var retry = await bot.Http.PostAsync(captured.PathAndQuery(), new StringContent(captured.Body));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(answer, await retry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Default_WithAnEncodingAESKey_RefusesPlaintextAndAcceptsCiphertext()
    {
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?> { ["WeChat:RequireEncryption"] = string.Empty });

        using var plain = await bot.PostAsync(bot.TextXml("oSomeone", "帮助"), "oSomeone", encrypt: false);
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains("plaintext", await plain.Content.ReadAsStringAsync());

        using var encrypted = await bot.PostAsync(bot.TextXml("oSomeone", "帮助"), "oSomeone", encrypt: true);
        Assert.Equal(HttpStatusCode.OK, encrypted.StatusCode);
        Assert.Contains("帮助", bot.Composer.ReadReply(await encrypted.Content.ReadAsStringAsync()).Content ?? "帮助");
    }
}
