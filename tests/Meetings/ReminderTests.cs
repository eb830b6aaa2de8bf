using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Meetings;

/// <summary>Reminders on real Redis with a manual clock, a fake WeChat API and a recording SMS provider.</summary>
public sealed class ReminderTests
{
    private static readonly string Wang = MeetingBot.MemberId("13800000001");
    private static readonly string Zhao = MeetingBot.MemberId("13800000002");
    private static readonly string Qian = MeetingBot.MemberId("13800000003");

    [Fact]
    public async Task Reminders_FireAtEachOffsetAndNotBefore()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));

        bot.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await bot.DispatchAsync());
        Assert.Empty(bot.Templates);

        // 王书记 and 赵一 are bound (template message); 钱二 and 李重名 are not (SMS).
        bot.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(4, await bot.DispatchAsync());
        Assert.Equal(["oWang", "oZhaoYi"], bot.Templates.Select(c => c.Json["touser"]!.GetValue<string>()).Order());
        Assert.Equal(["13800000003", "13800001234"], bot.Sms.Sent.Select(s => s.Phone).Order());
        Assert.Equal("三楼会议室", bot.Sms.Sent.First().Parameters.Single(p => p.Key == "place").Value);
        Assert.Equal(["name", "title", "time", "place"], bot.Sms.Sent.First().Parameters.Select(p => p.Key));
        Assert.Equal("MeetingReminder", bot.Sms.Sent.First().Template);

        var template = bot.Templates[0].Json;
        Assert.Equal("TPL_MEETING", template["template_id"]!.GetValue<string>());
        Assert.Equal("支部党员大会", template["data"]!["thing1"]!["value"]!.GetValue<string>());
        Assert.Equal("2026年11月25日 10:00", template["data"]!["time2"]!["value"]!.GetValue<string>());

        Assert.Equal(0, await bot.DispatchAsync());
        bot.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(4, await bot.DispatchAsync());
        Assert.Equal(4, bot.Templates.Count);
        Assert.Equal(4, bot.Sms.Sent.Count);
        var outcomes = await bot.Get<IReminderQueue>().ListOutcomesAsync(meeting.Id, default);
        Assert.Equal(8, outcomes.Count(o => o.Status == DeliveryStatus.Sent));
    }

    [Fact]
    public async Task Reminders_DueInQuietHours_MoveToTheEveningBefore()
    {
        // 06:30 China start: both reminders (06:30 the day before, and 05:30) fall in quiet hours (22:00–07:30) and go
        // at 21:59 the evening before each.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        await using var bot = await MeetingBot.StartAsync(clock: clock);
        var start = ChinaTime.FromLocal(new DateOnly(2026, 11, 26), new TimeOnly(6, 30));
        var meeting = await bot.ScheduleAsync(start - clock.GetUtcNow());

        var dues = (await bot.Get<IReminderQueue>().ListAsync(meeting.Id, default)).Where(j => j.MemberId == Zhao).Select(j => ChinaTime.Local(j.Due)).Order().ToList();
        Assert.Equal([new DateTimeOffset(2026, 11, 24, 21, 59, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2026, 11, 25, 21, 59, 0, TimeSpan.FromHours(8))], dues);
    }

    [Fact]
    public async Task Reminders_AfterLeaveRequest_StopForThatMember()
    {
        await using var bot = await MeetingBot.StartAsync();
        await bot.ScheduleAsync(TimeSpan.FromDays(2));
        Assert.Contains("已提交请假", await bot.SayAsync("oZhaoYi", "请假 出差在外"));

        bot.Clock.Advance(TimeSpan.FromDays(1));
        await bot.DispatchAsync();
        Assert.DoesNotContain(bot.Templates, c => c.Json["touser"]!.GetValue<string>() == "oZhaoYi");
        Assert.Contains(bot.Templates, c => c.Json["touser"]!.GetValue<string>() == "oWang");
    }

    [Fact]
    public async Task Leave_ByTheDayAReminderNames_GoesToThatMeetingNotTheNextOne()
    {
        await using var bot = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["Reminders:TemplateId"] = string.Empty });
        var first = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        var second = await bot.ScheduleAsync(TimeSpan.FromDays(3), MeetingType.PartyLecture);
        var day = ChinaTime.Local(second.Start);

        var zhao = (await bot.Get<IMemberStore>().GetMemberAsync(Zhao, default))!;
        var notice = NoticeTexts.For(new ReminderJob("r:x", ReminderKind.Reminder, second.Id, Zhao, second.Start.AddHours(-1), second.Version), second, zhao, new RemindersOptions());
        Assert.Contains($"如需请假，请回复「请假 {day.Month}月{day.Day}日 理由」", notice.Text);

        Assert.Contains("已提交请假", await bot.SayAsync("oZhaoYi", $"请假 {day.Month}月{day.Day}日 外出学习"));
        Assert.True((await bot.Get<IMeetingStore>().GetAttendeeAsync(second.Id, Zhao, default))!.Excused);
        Assert.False((await bot.Get<IMeetingStore>().GetAttendeeAsync(first.Id, Zhao, default))!.Excused);
        Assert.Contains("无法识别", await bot.SayAsync("oZhaoYi", "请假 13月40日 外出"));
    }

    [Fact]
    public async Task Reminders_MeetingMovedOrCancelled_AreReplannedWithdrawnAndAnnounced()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        var scheduler = bot.Get<MeetingScheduler>();
        var moved = await scheduler.UpdateAsync(meeting.Id, new MeetingDraft(meeting.BranchId, meeting.Type, meeting.Start.AddDays(3), "五楼会议室"), default);
        Assert.Equal(2, moved.Meeting!.Version);

        Assert.Equal(4, await bot.DispatchAsync());
        Assert.All(bot.Templates, c => Assert.Contains("会议变更", c.Body));
        bot.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await bot.DispatchAsync());
        bot.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(4, await bot.DispatchAsync());

        await scheduler.CancelAsync(meeting.Id, default);
        var before = bot.Templates.Count;
        Assert.Equal(4, await bot.DispatchAsync());
        Assert.Equal(before + 2, bot.Templates.Count);
        bot.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await bot.DispatchAsync());
        Assert.Empty(await bot.Get<IReminderQueue>().ListAsync(meeting.Id, default));
    }

    [Fact]
    public async Task Reminders_TemplateRefusedWith43004_FallBackToSms()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        bot.Api.FailNext("message/template/send", 43004, times: 2);
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await bot.DispatchAsync();

        Assert.Equal(4, bot.Sms.Sent.Count);
        var outcomes = await bot.Get<IReminderQueue>().ListOutcomesAsync(meeting.Id, default);
        Assert.Equal(2, outcomes.Count(o => o.Channel == DeliveryChannel.Template && o.Status == DeliveryStatus.Failed && o.Detail.Contains("43004")));
        Assert.Equal(2, outcomes.Count(o => o.Channel == DeliveryChannel.Sms && o.Detail.Contains("已改发短信")));
    }

    [Fact]
    public async Task Reminders_TemplateBusy_RetriedLaterWithTheSameClientMsgId()
    {
        await using var bot = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["WeChat:ApiRetries"] = "0" });
        await bot.ScheduleAsync(TimeSpan.FromDays(2));
        bot.Api.FailNext("message/template/send", -1, times: 2);
        bot.Clock.Advance(TimeSpan.FromDays(1));
        await bot.DispatchAsync();
        Assert.Equal(2, bot.Templates.Count);

        bot.Clock.Advance(TimeSpan.FromSeconds(5));
        await bot.DispatchAsync();
        var byMember = bot.Templates.GroupBy(c => c.Json["touser"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Select(c => c.Json["client_msg_id"]!.GetValue<string>()).ToList());
        Assert.All(byMember.Values, ids => Assert.Single(ids.Distinct()));
        Assert.Equal(4, bot.Templates.Count);
        Assert.Equal(["13800000003", "13800001234"], bot.Sms.Sent.Select(s => s.Phone).Order());
    }

    [Fact]
    public async Task Reminders_InstanceKilledAfterClaim_AreSentOnceAfterTheLease()
    {
        await using var bot = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["Reminders:Lease"] = "00:00:05" });
        await bot.ScheduleAsync(TimeSpan.FromDays(2));
        bot.Clock.Advance(TimeSpan.FromDays(1));

        // A claim by an instance that dies before sending anything.
        var lost = await bot.Get<IReminderQueue>().ClaimDueAsync(bot.Clock.GetUtcNow(), 100, TimeSpan.FromSeconds(1), default);
        Assert.Equal(4, lost.Count);
        Assert.Equal(0, await bot.DispatchAsync());

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(4, await bot.DispatchAsync());
        Assert.Equal(2, bot.Templates.Count);
        Assert.Equal(2, bot.Sms.Sent.Count);
        Assert.Equal(0, await bot.DispatchAsync());
    }

    [Fact]
    public async Task Reminders_InstanceKilledMidSend_NeverRepeatAnSms()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        bot.Clock.Advance(TimeSpan.FromDays(1));
        var queue = bot.Get<IReminderQueue>();

        // An instance claimed every job and marked 钱二's SMS "sending", then died before recording the result.
        var claimed = await queue.ClaimDueAsync(bot.Clock.GetUtcNow(), 100, TimeSpan.FromSeconds(1), default);
        var qianJob = claimed.Single(j => j.MemberId == Qian);
        Assert.Equal(DeliveryStart.New, await queue.BeginDeliveryAsync($"{qianJob.Id}:v{qianJob.MeetingVersion}:sms", TimeSpan.FromDays(1), default));
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        Assert.Equal(4, await bot.DispatchAsync());
        Assert.Equal(["13800001234"], bot.Sms.Sent.Select(s => s.Phone));
        Assert.Equal(2, bot.Templates.Count);
        var outcome = (await queue.ListOutcomesAsync(meeting.Id, default)).Single(o => o.MemberId == Qian);
        Assert.Contains("结果未知", outcome.Detail);
    }

    [Fact]
    public async Task Reminders_TwoInstancesRacing_DeliverEachOnce()
    {
        var prefix = RedisServer.UniquePrefix();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        await using var first = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["Reminders:BatchSize"] = "1" }, prefix, clock);
        await using var second = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["Reminders:BatchSize"] = "1" }, prefix, clock);
        // Five meetings three days ahead: after two days and five hours every 24-hour reminder is due, no 1-hour one.
        for (var i = 0; i < 5; i++)
        {
            await first.ScheduleAsync(TimeSpan.FromDays(3) + TimeSpan.FromHours(i));
        }

        clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(5));
        async Task Drain(MeetingBot bot)
        {
            while (await bot.DispatchAsync() > 0)
            {
            }
        }

        await Task.WhenAll(Drain(first), Drain(second), Drain(first), Drain(second));
        var templates = first.Templates.Concat(second.Templates).ToList();
        Assert.Equal(10, templates.Count);
        Assert.Equal(10, templates.Select(c => c.Json["client_msg_id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(10, first.Sms.Sent.Count + second.Sms.Sent.Count);
        Assert.Equal(10, first.Sms.Sent.Concat(second.Sms.Sent).Select(s => s.CorrelationId).Distinct().Count());
    }

    [Fact]
    public async Task Reminders_ThreeInstancesOnACluster_DeliverEachOnce()
    {
        // The due-queue's buckets lie on all three masters; three instances claim from them at once.
        var prefix = RedisServer.UniquePrefix();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?> { ["Redis:Configuration"] = RedisCluster.Shared.Configuration, ["Reminders:BatchSize"] = "3" };
        await using var first = await MeetingBot.StartAsync(settings, prefix, clock);
        await using var second = await MeetingBot.StartAsync(settings, prefix, clock);
        await using var third = await MeetingBot.StartAsync(settings, prefix, clock);
        for (var i = 0; i < 5; i++)
        {
            await first.ScheduleAsync(TimeSpan.FromDays(3) + TimeSpan.FromHours(i));
        }

        clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(5));
        var bots = new[] { first, second, third };
        await Task.WhenAll(bots.Select(bot => Task.Run(async () =>
        {
            while (await bot.DispatchAsync() > 0)
            {
            }
        })));

        var templates = bots.SelectMany(b => b.Templates).ToList();
        Assert.Equal(10, templates.Count);
        Assert.Equal(10, templates.Select(c => c.Json["client_msg_id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(10, bots.SelectMany(b => b.Sms.Sent).Select(s => s.CorrelationId).Distinct().Count());
        Assert.Equal(10, bots.Sum(b => b.Sms.Sent.Count));
    }

    [Fact]
    public async Task Compliance_BranchBehindCadence_WarnsItsSecretaryOncePerPeriod()
    {
        // 2026-11-25 China: the month ends in 6 days, no 支委会 held in either branch.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        await using var bot = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["Compliance:Rules"] = "Committee:month" }, clock: clock);
        var monitor = bot.Get<ComplianceMonitor>();
        await Task.WhenAll(monitor.RunOnceAsync(default), monitor.RunOnceAsync(default));
        await monitor.RunOnceAsync(default);
        await bot.DispatchAsync();
        await bot.DispatchAsync();

        var warning = Assert.Single(bot.Templates);
        Assert.Equal("oWang", warning.Json["touser"]!.GetValue<string>());
        Assert.Equal("2026年11月支委会", warning.Json["data"]!["thing1"]!["value"]!.GetValue<string>());
        clock.Advance(TimeSpan.FromDays(1));
        await monitor.RunOnceAsync(default);
        await bot.DispatchAsync();
        Assert.Single(bot.Templates);
    }
}
