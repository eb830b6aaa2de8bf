using System.Collections.Concurrent;
using BranchBot.Core.Competitions;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Bulletins;

/// <summary>A group robot stand-in that records each post (shared by several bot instances in a test).</summary>
public sealed class RecordingRobot : IGroupRobot
{
    public ConcurrentQueue<(string Url, string Topic, string Markdown)> Posts { get; } = new();

    public Task PostMarkdownAsync(string webhookUrl, string topic, string markdown, CancellationToken cancellationToken)
    {
        Posts.Enqueue((webhookUrl, topic, markdown));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Bots for the bulletin tests: the meeting bots' roster plus 周书记 (secretary of 测试第二支部, bound as oZhou), a
/// robot webhook and a console link, and November 2026 history for 测试第一支部: a 主题党日 with two present, one on
/// leave and one absent, and 补学 owed by the two who missed it.
/// </summary>
internal static class BulletinBot
{
    public const string Robot = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bulletin-test";
    public const string Link = "https://bot.example.org/console/bulletins";

    public static ManualClock November() => new(new DateTimeOffset(2026, 11, 10, 2, 0, 0, TimeSpan.Zero));

    public static async Task<MeetingBot> StartAsync(ManualClock clock, RecordingRobot robot, string? prefix = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bulletins:RobotWebhook"] = Robot,
            ["Bulletins:ConsoleUrl"] = Link,
            ["Bulletins:Holidays:0"] = "2027-01-01",
        };
        var bot = await MeetingBot.StartAsync(settings, prefix, clock, s => s.AddSingleton<IGroupRobot>(robot));
        var members = bot.Get<IMemberStore>();
        if ((await members.ListAllAsync(default)).All(m => m.Phone != "13800000005"))
        {
            await members.ImportAsync(RosterPlan.Build([new RosterRow(2, "周书记", "13800000005", ["测试党委", "测试第二支部"], null, MemberStatus.Full, MemberRole.Secretary)]), default);
            await members.BindOpenIdAsync(MemberId("13800000005"), "oZhou", default);
        }

        return bot;
    }

    public static string MemberId(string phone) =>
        RosterPlan.Build([new RosterRow(2, "x", phone, ["测试党委", "测试第二支部"], null, MemberStatus.Full, MemberRole.Member)]).Members[0].Id;

    /// <summary>The 主题党日 of 12 November 2026 and its attendance and 补学; returns the meeting.</summary>
    public static async Task<Meeting> SeedNovemberAsync(MeetingBot bot)
    {
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2), MeetingType.ThemeDay);
        var store = bot.Get<IMeetingStore>();
        var (wang, zhao, qian, li) = (MeetingBot.MemberId("13800000001"), MeetingBot.MemberId("13800000002"), MeetingBot.MemberId("13800000003"), MeetingBot.MemberId("13800001234"));
        await store.ChangeAttendanceAsync(new AttendanceRecord(meeting.Id, wang, AttendanceStatus.Present, meeting.Start, CheckInMethod.Code), [AttendanceStatus.Pending], default);
        await store.ChangeAttendanceAsync(new AttendanceRecord(meeting.Id, zhao, AttendanceStatus.Late, meeting.Start.AddMinutes(5), CheckInMethod.Code), [AttendanceStatus.Pending], default);
        await store.ChangeAttendanceAsync(new AttendanceRecord(meeting.Id, qian, AttendanceStatus.OnLeave, LeaveReason: "出差"), [AttendanceStatus.Pending], default);
        await store.ChangeAttendanceAsync(new AttendanceRecord(meeting.Id, li, AttendanceStatus.Absent), [AttendanceStatus.Pending], default);
        await bot.Get<IMakeUpStore>().OweAsync(meeting.Id, [qian, li], meeting.Start.AddDays(7), default);
        return meeting;
    }
}
