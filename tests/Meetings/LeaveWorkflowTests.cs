using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;

namespace BranchBot.Tests.Meetings;

/// <summary>
/// Leave closes the loop: the secretary is told when a member asks, the member is told the decision, a leave still
/// undecided when the window closes is 待处理 (neither 请假 nor 缺席), and 补学 goes to absentees and members on leave.
/// </summary>
public sealed class LeaveWorkflowTests
{
    private static readonly string Zhao = MeetingBot.MemberId("13800000002");

    private static IEnumerable<(string To, string Title, string Kind)> Notices(MeetingBot bot) =>
        bot.Templates.Select(t => (t.Json["touser"]!.GetValue<string>(), t.Json["data"]!["thing1"]!["value"]!.GetValue<string>(), t.Json["data"]!["thing4"]!["value"]!.GetValue<string>()));

    [Fact]
    public async Task LeaveAsked_TellsTheSecretaryOnce_AndTheDecisionTellsTheMember()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        Assert.Contains("已通知支部书记审批", await bot.SayAsync("oZhaoYi", "请假 出差在外"));
        Assert.Contains("已经请过假", await bot.SayAsync("oZhaoYi", "请假 出差在外"));
        await bot.DispatchAsync();
        await bot.DispatchAsync();
        Assert.Equal([("oWang", "赵一请假：支部党员大会", "请假审批")], Notices(bot));
        var text = bot.Api.CallsTo("message/template/send").Single().Json.ToJsonString();
        Assert.DoesNotContain("oZhaoYi", text);

        Assert.Contains("已批准请假，已告知本人", await bot.SayAsync("oWang", "批准请假 赵一"));
        Assert.Contains("没有找到「赵一」待审批的请假", await bot.SayAsync("oWang", "批准请假 赵一"));
        await bot.DispatchAsync();
        Assert.Contains(("oZhaoYi", "支部党员大会", "请假获批"), Notices(bot));
        Assert.Equal(AttendanceStatus.OnLeave, (await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, Zhao, default))!.Status);
    }

    [Fact]
    public async Task LeaveDecidedBeforeTheSecretaryWasReached_SkipsTheRequestNotice()
    {
        await using var bot = await MeetingBot.StartAsync();
        await bot.ScheduleAsync(TimeSpan.FromDays(2));
        await bot.SayAsync("oZhaoYi", "请假 出差在外");
        Assert.Contains("已驳回请假，已告知本人，会议照常提醒", await bot.SayAsync("oWang", "驳回请假 赵一"));
        await bot.DispatchAsync();
        Assert.Equal([("oZhaoYi", "支部党员大会", "请假未获批")], Notices(bot));
        Assert.Contains(await bot.Get<IReminderQueue>().ListOutcomesAsync((await bot.Get<IMeetingStore>().ListForMemberAsync(Zhao, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, default))[0].Id, default),
            o => o.Kind == ReminderKind.LeaveAsked && o.Status == DeliveryStatus.Skipped && o.Detail == "请假已处理");
    }

    [Fact]
    public async Task LeaveUndecidedAtTheClose_IsPending_ThenARefusalIsAnAbsenceOwing补学()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        await bot.SayAsync("oZhaoYi", "请假 出差在外");
        bot.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));
        await bot.Get<AttendanceService>().CloseAsync(meeting, default);

        var records = await bot.Get<IMeetingStore>().GetAttendanceAsync(meeting.Id, default);
        Assert.Equal(AttendanceStatus.LeaveRequested, records.Single(r => r.MemberId == Zhao).Status);
        var counts = AttendanceCounts.Of(records);
        Assert.Equal((0, 1), (counts.Leave, counts.Undecided));
        Assert.Contains("请假待批 1（待处理）", await bot.SayAsync("oWang", "考勤"));
        Assert.DoesNotContain(await bot.Get<IReminderQueue>().ListAsync(meeting.Id, default), j => j.Kind == ReminderKind.MakeUp && j.MemberId == Zhao);

        Assert.Contains("已驳回请假，计为缺席", await bot.Get<AttendanceService>().DecideLeaveAsync(meeting, Zhao, approve: false, default) is { Changed: true } r ? r.Text : "unchanged");
        Assert.Equal(AttendanceStatus.Absent, (await bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, Zhao, default))!.Status);
        var queued = await bot.Get<IReminderQueue>().ListAsync(meeting.Id, default);
        Assert.Contains(queued, j => j.Kind == ReminderKind.MakeUp && j.MemberId == Zhao);
        Assert.Contains(queued, j => j.Kind == ReminderKind.LeaveRefused && j.MemberId == Zhao && j.Text == "计为缺席");
    }

    [Fact]
    public async Task MakeUp_GoesToAbsenteesAndMembersOnLeave_OfTheConfiguredKindsOnly()
    {
        await using var bot = await MeetingBot.StartAsync();
        var life = await bot.ScheduleAsync(TimeSpan.FromDays(2), MeetingType.OrganisationLife);
        var committee = await bot.ScheduleAsync(TimeSpan.FromDays(2), MeetingType.Committee);
        await bot.Get<AttendanceService>().RequestLeaveAsync(life, Zhao, "出差", default);
        await bot.Get<AttendanceService>().DecideLeaveAsync(life, Zhao, approve: true, default);
        bot.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));
        await bot.Get<AttendanceService>().CloseAsync(life, default);
        await bot.Get<AttendanceService>().CloseAsync(committee, default);

        var owing = (await bot.Get<IReminderQueue>().ListAsync(life.Id, default)).Where(j => j.Kind == ReminderKind.MakeUp).Select(j => j.MemberId).Order().ToList();
        var attendees = (await bot.Get<IMeetingStore>().GetAttendanceAsync(life.Id, default)).Select(a => a.MemberId).Order().ToList();
        Assert.Equal(attendees, owing);
        Assert.DoesNotContain(await bot.Get<IReminderQueue>().ListAsync(committee.Id, default), j => j.Kind == ReminderKind.MakeUp);
    }
}

/// <summary>补学 closes the loop too: owed at the close, reported by the member with a note, confirmed by the secretary.</summary>
public sealed class MakeUpWorkflowTests
{
    private static readonly string Zhao = MeetingBot.MemberId("13800000002");

    [Fact]
    public async Task MakeUp_OwedReportedConfirmed_EachStepOnce()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        Assert.Equal("您目前没有需要补学的会议。", await bot.SayAsync("oZhaoYi", "补学"));
        bot.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));
        await bot.Get<AttendanceService>().CloseAsync(meeting, default);
        await bot.Get<AttendanceService>().CloseAsync(meeting, default);

        Assert.Contains("您需要补学的会议：\n支部党员大会", await bot.SayAsync("oZhaoYi", "补学"));
        Assert.Contains("本支部没有找到「赵一」已报告、待确认的补学", await bot.SayAsync("oWang", "确认补学 赵一"));
        Assert.Contains("✅ 已报告补学：支部党员大会", await bot.SayAsync("oZhaoYi", "补学 学习了会议传达的文件精神"));
        Assert.Contains("补学均已报告", await bot.SayAsync("oZhaoYi", "补学 再报告一次"));
        Assert.Contains("仅对支部书记开放", await bot.SayAsync("oZhaoYi", "确认补学 赵一"));

        Assert.Contains("学习内容：学习了会议传达的文件精神", await bot.SayAsync("oWang", "确认补学 赵一"));
        Assert.Contains("没有找到", await bot.SayAsync("oWang", "确认补学 赵一"));
        var task = (await bot.Get<IMakeUpStore>().ListForMeetingAsync(meeting.Id, default)).Single(t => t.MemberId == Zhao);
        Assert.Equal((MakeUpState.Confirmed, "学习了会议传达的文件精神"), (task.State, task.Note));
        Assert.All((await bot.Get<IMakeUpStore>().ListForMeetingAsync(meeting.Id, default)).Where(t => t.MemberId != Zhao), t => Assert.Equal(MakeUpState.Owed, t.State));
    }

    [Fact]
    public async Task ConfirmMakeUp_ByAnotherBranchsSecretary_IsRefusedAndChangesNothing()
    {
        var roster = BranchBot.Tests.Study.StudyBot.Roster + "\n陈书记,13800000010,测试党委/测试第二支部,,正式,书记";
        await using var bot = await MeetingBot.StartAsync(roster: roster);
        await bot.Get<BranchBot.Core.Members.IMemberStore>().BindOpenIdAsync(MeetingBot.MemberId("13800000010"), "oChen", default);
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(2));
        bot.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2));
        await bot.Get<AttendanceService>().CloseAsync(meeting, default);
        await bot.SayAsync("oZhaoYi", "补学 学习了会议传达的文件精神");

        Assert.Contains("本支部没有找到「赵一」已报告、待确认的补学", await bot.SayAsync("oChen", "确认补学 赵一"));
        var task = (await bot.Get<IMakeUpStore>().ListForMeetingAsync(meeting.Id, default)).Single(t => t.MemberId == Zhao);
        Assert.Equal(MakeUpState.Done, task.State);
    }
}
