using System.Net;
using System.Text.Json.Nodes;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Telemetry;

/// <summary>Liveness and readiness as orchestrators use them, against a Redis the test stops and starts.</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task RedisStopped_LiveStays200_ReadyTurns503_AndBothRecover()
    {
        using var redis = RedisServer.Start();
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis.Configuration + ",connectTimeout=500",
            ["Redis:KeyPrefix"] = RedisServer.UniquePrefix(),
            ["Redis:OperationTimeout"] = "00:00:00.500",
        });
        await WaitForAsync(bot, "/healthz/ready", HttpStatusCode.OK);
        var ready = JsonNode.Parse(await (await bot.Http.GetAsync("/healthz/ready")).Content.ReadAsStringAsync())!;
        Assert.Equal("healthy", ready["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready["checks"]!["question-bank"]!["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready["checks"]!["workers"]!["status"]!.GetValue<string>());

        redis.Stop();
        await WaitForAsync(bot, "/healthz/ready", HttpStatusCode.ServiceUnavailable);
        using (var live = await bot.Http.GetAsync("/healthz/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        var down = JsonNode.Parse(await (await bot.Http.GetAsync("/healthz/ready")).Content.ReadAsStringAsync())!;
        Assert.Equal("unhealthy", down["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await bot.Http.GetAsync("/healthz")).StatusCode);

        redis.Restart();
        await WaitForAsync(bot, "/healthz/ready", HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/healthz/live")).StatusCode);
    }

    [Fact]
    public async Task EmbeddedStore_IsReadyAtOnce()
    {
        await using var bot = await BotServer.StartAsync();
        await WaitForAsync(bot, "/healthz/ready", HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/healthz/live")).StatusCode);
    }

    private static async Task WaitForAsync(BotServer bot, string path, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode last;
        do
        {
            using var response = await bot.Http.GetAsync(path);
            last = response.StatusCode;
            if (last == expected)
            {
                return;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{path} stayed {(int)last}, expected {(int)expected}");
    }
}
