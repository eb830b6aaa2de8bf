using BranchBot.Adapters.GroupRobot;
using BranchBot.Core.Competitions;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Sms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.GroupRobot;

/// <summary>
/// A generic host with AddGroupRobot over in-memory settings (127.0.0.1 allowed, fast retries), a test clock and
/// captured logs; started, so the dispatcher runs. The window is shortened through the internal testing knob.
/// </summary>
public sealed class GroupRobotTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private GroupRobotTestHost(IHost host, CapturedLogs logs)
    {
        _host = host;
        Logs = logs;
        Robot = host.Services.GetRequiredService<IGroupRobot>();
    }

    public IGroupRobot Robot { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<GroupRobotTestHost> StartAsync(
        int messagesPerMinute = 20, TimeSpan? window = null, IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var all = new Dictionary<string, string?>
        {
            ["GroupRobot:AllowedHosts:0"] = "127.0.0.1",
            ["GroupRobot:MessagesPerMinute"] = messagesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GroupRobot:RetryDelay"] = "00:00:00.010",
            ["GroupRobot:AttemptTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        var logs = new CapturedLogs();
        builder.Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        builder.Services.AddSingleton(clock ?? new ManualClock());
        builder.Services.AddGroupRobot();
        builder.Services.PostConfigure<GroupRobotOptions>(o => o.Window = window ?? TimeSpan.FromMinutes(1));
        var host = builder.Build();
        await host.StartAsync();
        return new GroupRobotTestHost(host, logs);
    }

    public Task PostAsync(string webhook, string topic, string markdown) => Robot.PostMarkdownAsync(webhook, topic, markdown, CancellationToken.None);

    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
