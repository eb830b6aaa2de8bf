using BranchBot.Adapters.Redis;
using BranchBot.Adapters.WeChat;
using BranchBot.Core.Inbox;
using Microsoft.Extensions.Configuration;

namespace BranchBot.Tests.Hosting;

public sealed class SampleSettingsTests
{
    private static readonly string SamplePath = Path.Combine(FindRoot(), "appsettings.sample.json");

    public static TheoryData<string, Type> Sections => new()
    {
        { WeChatOptions.Section, typeof(WeChatOptions) },
        { RedisOptions.Section, typeof(RedisOptions) },
        { ConversationOptions.Section, typeof(ConversationOptions) },
        { BranchBot.Core.Study.QuizOptions.Section, typeof(BranchBot.Core.Study.QuizOptions) },
        { BranchBot.Core.Members.MembersOptions.Section, typeof(BranchBot.Core.Members.MembersOptions) },
        { "SampleData", typeof(BranchBot.Bot.Study.SampleDataOptions) },
        { BranchBot.Core.Meetings.MeetingsOptions.Section, typeof(BranchBot.Core.Meetings.MeetingsOptions) },
        { BranchBot.Core.Reminders.RemindersOptions.Section, typeof(BranchBot.Core.Reminders.RemindersOptions) },
        { BranchBot.Core.Meetings.ComplianceOptions.Section, typeof(BranchBot.Core.Meetings.ComplianceOptions) },
        { BranchBot.Adapters.Sms.SmsOptions.Section, typeof(BranchBot.Adapters.Sms.SmsOptions) },
        { "Admin", typeof(BranchBot.Bot.Admin.AdminOptions) },
        { BranchBot.Core.Accounts.ConsoleOptions.Section, typeof(BranchBot.Core.Accounts.ConsoleOptions) },
        { BranchBot.Core.Competitions.CompetitionOptions.Section, typeof(BranchBot.Core.Competitions.CompetitionOptions) },
        { BranchBot.Adapters.GroupRobot.GroupRobotOptions.Section, typeof(BranchBot.Adapters.GroupRobot.GroupRobotOptions) },
        { BranchBot.Bot.Hosting.TelemetryOptions.Section, typeof(BranchBot.Bot.Hosting.TelemetryOptions) },
        { "Menu", typeof(BranchBot.Bot.Menu.MenuOptions) },
        { BranchBot.Core.Meetings.PhotosOptions.Section, typeof(BranchBot.Core.Meetings.PhotosOptions) },
        { BranchBot.Adapters.Files.FilePhotoArchiveOptions.Section, typeof(BranchBot.Adapters.Files.FilePhotoArchiveOptions) },
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void Sample_DocumentsEverySettingOfEachOptionsClass(string section, Type options)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(SamplePath).Build();
        var documented = configuration.GetSection(section).GetChildren().Select(c => c.Key).ToHashSet();
        var settable = options.GetProperties().Where(p => p.CanWrite).Select(p => p.Name);
        Assert.All(settable, name => Assert.Contains(name, documented));
    }

    [Fact]
    public async Task Sample_AsConfigured_StartsTheBot()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(SamplePath).Build();
        var settings = configuration.AsEnumerable().Where(kv => kv.Value is not null && kv.Key != "Urls" && !kv.Key.StartsWith("Logging")).ToDictionary(kv => kv.Key, kv => kv.Value);
        await using var bot = await Infrastructure.BotServer.StartAsync(settings);
        using var response = await bot.Http.GetAsync("/healthz");
        Assert.True(response.IsSuccessStatusCode);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Bot.sln not found above the test binaries");
    }
}
