using System.Net;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Fuzz;

public sealed class ReplayTests
{
    [Fact]
    public async Task CapturedPush_ReplayedWithinTheWindowGetsTheSameAnswer_AfterItIsRefused()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?> { ["Reminders:RunWorkers"] = "false" }, clock: clock);
        var captured = bot.Composer.Sign(bot.TextXml("oVictim", "帮助"), "oVictim", bot.ClockNow, encrypt: true);

        async Task<(HttpStatusCode, string)> ReplayAsync()
        {
            using var response = await bot.Http.PostAsync(captured.PathAndQuery(), new StringContent(captured.Body));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var (firstStatus, firstBody) = await ReplayAsync();
        Assert.Equal(HttpStatusCode.OK, firstStatus);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal((HttpStatusCode.OK, firstBody), await ReplayAsync());
        clock.Advance(TimeSpan.FromMinutes(2));
        var (lateStatus, lateBody) = await ReplayAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, lateStatus);
        Assert.Contains("timestamp", lateBody);
    }
}
