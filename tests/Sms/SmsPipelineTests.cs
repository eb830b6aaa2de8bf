using BranchBot.Adapters.Sms;

namespace BranchBot.Tests.Sms;

public sealed class SmsPipelineTests
{
    [Fact]
    public void Replenishment_EveryAllowedRate_RefillsThatRateInTicksOfAtLeast50Ms()
    {
        for (var rate = 1; rate <= 1000; rate++)
        {
            var (period, tokens) = SmsPipeline.Replenishment(rate);

            // The rate limiter adds a fixed number of tokens per timer tick; a tick much under 50 ms comes late and
            // would lower the real rate. Up to 20 per second it stays one token every 1/rate s.
            Assert.InRange(tokens / period.TotalSeconds, rate * 0.9999, rate * 1.0001);
            Assert.True(period >= TimeSpan.FromMilliseconds(50), $"{rate}/s: {period}");
            Assert.True(rate > 20 || tokens == 1, $"{rate}/s: {tokens} tokens");
        }
    }
}
