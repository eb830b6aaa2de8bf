using BranchBot.Adapters.GroupRobot;
using BranchBot.Core.Competitions;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchBot.Tests.GroupRobot;

/// <summary>Defaults, settings validation and the registration made by AddGroupRobot.</summary>
public sealed class GroupRobotOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<TimeProvider>(new ManualClock());
        services.AddLogging();
        services.AddGroupRobot();
        return services.BuildServiceProvider();
    }

    private static string Failures(Dictionary<string, string?> settings)
    {
        using var provider = Build(settings);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GroupRobotOptions>>().Value);
        return string.Join("\n", error.Failures);
    }

    [Fact]
    public void AddGroupRobot_NothingConfigured_UsesTheRobotsDefaults()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<GroupRobotOptions>>().Value;
        Assert.Equal(20, options.MessagesPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(5), options.AttemptTimeout);
        Assert.Equal(2, options.Retries);
        Assert.Equal(["qyapi.weixin.qq.com"], options.AllowedHosts);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Window);
        var robot = provider.GetRequiredService<IGroupRobot>();
        Assert.IsType<WeComGroupRobot>(robot);
        Assert.Same(robot, provider.GetRequiredService<IGroupRobot>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<GroupRobotDispatcher>());
    }

    [Fact]
    public void AddGroupRobot_AllowedHostConfigured_AddsItToTheDefault()
    {
        using var provider = Build(new() { ["GroupRobot:AllowedHosts:0"] = "127.0.0.1" });

        Assert.Equal(["qyapi.weixin.qq.com", "127.0.0.1"], provider.GetRequiredService<IOptions<GroupRobotOptions>>().Value.AllowedHosts);
    }

    [Fact]
    public void AddGroupRobot_WindowInConfiguration_IsNotBound()
    {
        using var provider = Build(new() { ["GroupRobot:Window"] = "00:00:01" });

        Assert.Equal(TimeSpan.FromMinutes(1), provider.GetRequiredService<IOptions<GroupRobotOptions>>().Value.Window);
    }

    [Fact]
    public void Validate_OutOfRange_NamesTheSettings()
    {
        var failures = Failures(new() { ["GroupRobot:MessagesPerMinute"] = "21", ["GroupRobot:AttemptTimeout"] = "00:05:00", ["GroupRobot:Retries"] = "9" });

        Assert.Contains("MessagesPerMinute", failures);
        Assert.Contains("AttemptTimeout", failures);
        Assert.Contains("Retries", failures);
    }

    [Theory]
    [InlineData("https://qyapi.weixin.qq.com")]
    [InlineData("qyapi.weixin.qq.com:443")]
    [InlineData("qyapi.weixin.qq.com/cgi-bin")]
    [InlineData(" 127.0.0.1")]
    public void Validate_AllowedHostNotABareHostName_NamesTheEntry(string host)
    {
        var failures = Failures(new() { ["GroupRobot:AllowedHosts:0"] = host });

        Assert.Contains("GroupRobot:AllowedHosts:1 must be a bare host name", failures);
    }

    [Fact]
    public async Task Start_BadSettings_StopsStartUpNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["GroupRobot:MessagesPerMinute"] = "0" });
        builder.Services.AddGroupRobot();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("MessagesPerMinute", error.Message);
    }
}
