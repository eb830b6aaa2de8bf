using BranchBot.Adapters.Sms;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Sms;

public sealed class LogSmsSenderTests
{
    private readonly ManualClock _clock = new();
    private readonly CapturedLogs _logs = new();

    private LogSmsSender Sender(ServiceProvider provider) => Assert.IsType<LogSmsSender>(provider.GetRequiredService<ISmsSender>());

    [Fact]
    public async Task SendAsync_Reminder_LogsMaskedPhoneAndTemplateOnly()
    {
        using var provider = SmsTestHost.Build(new Dictionary<string, string?>(), _clock, _logs);
        var result = await Sender(provider).SendAsync(SmsTestHost.Reminder(phone: "+8613800138000"), default);

        Assert.True(result.Sent);
        Assert.Equal("log-1", result.ProviderMessageId);
        var line = Assert.Single(_logs.Lines, l => l.Contains("SMS (log provider)"));
        Assert.Contains("138****8000", line);
        Assert.Contains("MeetingReminder", line);
        Assert.Contains("delivery-42", line);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("13800138000") || l.Contains("张三"));
    }

    [Fact]
    public async Task SendAsync_Messages_KeptInOrderWithIdAndTime()
    {
        using var provider = SmsTestHost.Build(new Dictionary<string, string?>(), _clock);
        var sender = Sender(provider);
        await sender.SendAsync(SmsTestHost.Reminder(correlationId: "a"), default);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await sender.SendAsync(SmsTestHost.Reminder(correlationId: "b"), default);

        Assert.Equal(["a", "b"], sender.Sent.Select(s => s.Message.CorrelationId));
        Assert.Equal(["log-1", "log-2"], sender.Sent.Select(s => s.ProviderMessageId));
        Assert.Equal(_clock.GetUtcNow(), sender.Sent[^1].At);
    }

    [Fact]
    public async Task SendAsync_MoreThanCapacity_KeepsTheLastThousand()
    {
        using var provider = SmsTestHost.Build(new Dictionary<string, string?>(), _clock);
        var sender = Sender(provider);
        for (var i = 1; i <= LogSmsSender.Capacity + 5; i++)
        {
            await sender.SendAsync(SmsTestHost.Reminder(correlationId: "d" + i), default);
        }

        Assert.Equal(LogSmsSender.Capacity, sender.Sent.Count);
        Assert.Equal("d6", sender.Sent[0].Message.CorrelationId);
        Assert.Equal("d1005", sender.Sent[^1].Message.CorrelationId);
    }
}
