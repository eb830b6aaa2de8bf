using System.Net;
using System.Text.RegularExpressions;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Telemetry;

/// <summary>The Prometheus endpoint: the domain's figures after a short chat, labels free of personal data, scrapers limited.</summary>
public sealed partial class MetricsTests
{
    private static readonly Dictionary<string, string?> Prometheus = new()
    {
        ["Telemetry:Prometheus:Enabled"] = "true",
    };

    [Fact]
    public async Task Scrape_AfterAShortChatAndAReminderRound_ShowsTheDomainMetricsWithoutPersonalData()
    {
        await using var bot = await MeetingBot.StartAsync(Prometheus);
        await bot.ScheduleAsync(TimeSpan.FromDays(2));
        Assert.NotNull(await bot.SayAsync("oZhaoYi", "帮助"));
        Assert.NotNull(await bot.SayAsync("oZhaoYi", "积分"));
        using (var rejected = await bot.Bot.Http.PostAsync("/wechat?signature=bad&timestamp=1&nonce=2", new StringContent("<xml/>")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        }

        bot.Api.FailNext("message/template/send", 43004);
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await bot.DispatchAsync();

        var text = await ScrapeAsync(bot.Bot);

        Assert.True(Value(text, "branchbot_pushes_total", "outcome=\"replied\"") >= 2, text);
        Assert.True(Value(text, "branchbot_pushes_rejected_total", "reason=\"bad_signature\"") >= 1);
        Assert.True(Value(text, "branchbot_reply_duration_seconds_count", "message_type=\"text\"") >= 2);
        Assert.True(Value(text, "branchbot_reply_duration_seconds_bucket", "le=\"0.5\"") >= 2, "reply latency buckets are in seconds");
        Assert.True(Value(text, "branchbot_deliveries_total", "channel=\"template\",outcome=\"sent\"") >= 1);
        Assert.True(Value(text, "branchbot_deliveries_total", "channel=\"sms\",outcome=\"sent\"") >= 1);
        Assert.True(Value(text, "branchbot_sms_fallbacks_total", null) >= 1);
        Assert.True(Value(text, "branchbot_wechat_token_refreshes_total", "outcome=\"ok\"") >= 1);
        Assert.Contains("branchbot_replies_deferred_pending", text);
        Assert.Contains("branchbot_reminders_queue_depth", text);
        Assert.Contains("branchbot_reminders_queue_lag_seconds", text);
        Assert.Contains("resilience_polly_", text);

        // No label carries an openid, a member id or a phone number.
        foreach (Match label in LabelValue().Matches(text))
        {
            var value = label.Groups[1].Value;
            Assert.DoesNotMatch(@"^o[A-Z]|^m[0-9a-f]{12}|1[3-9]\d{9}", value);
        }

        Assert.DoesNotContain("oZhaoYi", text);
        Assert.DoesNotContain("13800000002", text);
    }

    [Fact]
    public async Task Scrape_FromAnAddressNotAllowed_IsNotFound()
    {
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:AllowedNetworks:0"] = "10.1.0.0/16",
        });
        using var response = await bot.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Scrape_Off_ByDefault()
    {
        await using var bot = await BotServer.StartAsync();
        using var response = await bot.Http.GetAsync("/metrics");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> ScrapeAsync(BotServer bot)
    {
        // The exporter caches a scrape briefly: ask until the figures of this test are in.
        for (var i = 0; ; i++)
        {
            using var response = await bot.Http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            if (text.Contains("branchbot_sms_fallbacks_total", StringComparison.Ordinal) || i == 20)
            {
                return text;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels contain <paramref name="labels"/>.</summary>
    private static double Value(string text, string metric, string? labels) =>
        text.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => labels is null || l.Contains(labels, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex("=\"([^\"]*)\"")]
    private static partial Regex LabelValue();
}
