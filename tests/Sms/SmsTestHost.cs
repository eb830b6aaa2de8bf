using System.Collections.Concurrent;
using BranchBot.Adapters.Sms;
using BranchBot.Core.Reminders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.Sms;

/// <summary>The SMS registration as the bot would have it (AddSms over in-memory settings), with a test clock and captured logs.</summary>
public static class SmsTestHost
{
    public static ServiceProvider Build(IDictionary<string, string?> settings, TimeProvider clock, CapturedLogs? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(clock);
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        services.AddSms();
        return services.BuildServiceProvider();
    }

    public static SmsMessage Reminder(string phone = "13800138000", string correlationId = "delivery-42") =>
        new(phone, "MeetingReminder",
            [new("name", "张三"), new("meeting", "支部党员大会"), new("time", "11月25日 14:30"), new("place", "三楼会议室")],
            correlationId);
}

/// <summary>Keeps every formatted log line (and its exception text) for assertions.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue(logLevel + ": " + formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
    }
}
