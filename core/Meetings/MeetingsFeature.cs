using System.Globalization;
using System.Text;
using BranchBot.Core.Conversations;
using BranchBot.Core.Members;
using BranchBot.Core.Messaging;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Meetings;

/// <summary>
/// Meetings in chat: <c>会议</c> (my upcoming meetings), <c>请假</c>, <c>签到</c>; for secretaries <c>新建会议</c>,
/// <c>取消会议</c>, <c>考勤</c>, <c>批准请假</c> and <c>驳回请假</c>.
/// </summary>
public sealed partial class MeetingsFeature(
    IMeetingStore meetings,
    IMemberStore members,
    MeetingScheduler scheduler,
    AttendanceService attendance,
    ISharedState shared,
    MeetingsOptions options,
    TimeProvider time) : IConversationFeature
{
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(60);

    public string Name => "meetings";

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("会议", "查看我近期的会议", ["我的会议"], "MEETINGS"),
        new("签到", "会议签到：签到 6位签到码", MenuKey: "CHECKIN"),
        new("请假", "会议请假：请假 理由（或 请假 2 理由）", MenuKey: "LEAVE"),
        new("新建会议", "安排会议：新建会议 支委会 2026-12-01 14:30 三楼会议室（党小组长可召开本党小组的党小组会）", MenuKey: "MEETING_NEW", Access: CommandAccess.GroupLeader),
        new("签到码", "查看正在签到的会议的签到码", MenuKey: "CHECKIN_CODE", Access: CommandAccess.Secretary),
        new("取消会议", "取消会议：取消会议 编号", Access: CommandAccess.Secretary),
        new("考勤", "查看最近一次会议的出勤", ["出勤"], "ATTENDANCE", CommandAccess.Secretary),
        new("待批请假", "查看本支部待审批的请假", ["请假审批"], "LEAVE_PENDING", CommandAccess.Secretary),
        new("批准请假", "批准请假 姓名", Access: CommandAccess.Secretary),
        new("驳回请假", "驳回请假 姓名", Access: CommandAccess.Secretary),
        new("确认签到", "确认待核实的位置签到：确认签到 姓名", ["核实签到"], Access: CommandAccess.Secretary),
        new("驳回签到", "驳回待核实的位置签到：驳回签到 姓名", Access: CommandAccess.Secretary),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var member = turn.Member!;
        var text = command.Spec.Keyword switch
        {
            "会议" => await ListAsync(member, cancellationToken),
            "签到" => await CheckInAsync(member, command.Arguments, cancellationToken),
            "请假" => await LeaveAsync(member, command.Arguments, cancellationToken),
            "新建会议" => await CreateAsync(turn, member, command.Arguments, cancellationToken),
            "取消会议" => await CancelAsync(member, command.Arguments, cancellationToken),
            "考勤" => await AttendanceAsync(member, cancellationToken),
            "签到码" => await ShowCodeAsync(member, cancellationToken),
            "待批请假" => await PendingLeaveAsync(member, cancellationToken),
            "确认签到" or "驳回签到" => await VerifyAsync(member, command.Arguments, command.Spec.Keyword == "确认签到", cancellationToken),
            _ => await DecideAsync(member, command.Arguments, command.Spec.Keyword == "批准请假", cancellationToken),
        };
        return new TurnResult(Reply.Text(text), turn.Session);
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);

    private async Task<IReadOnlyList<Meeting>> UpcomingAsync(string memberId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await meetings.ListForMemberAsync(memberId, now - options.CheckInClosesAfter, now + Horizon, cancellationToken))
            .Where(m => m.Status == MeetingStatus.Scheduled)
            .ToList();
    }

    private async Task<string> ListAsync(MemberProfile member, CancellationToken cancellationToken)
    {
        var upcoming = await UpcomingAsync(member.MemberId, cancellationToken);
        if (upcoming.Count == 0)
        {
            return "📅 近期没有需要您参加的会议。";
        }

        var text = new StringBuilder("📅 您近期的会议：\n");
        for (var i = 0; i < upcoming.Count; i++)
        {
            var m = upcoming[i];
            var record = await meetings.GetAttendeeAsync(m.Id, member.MemberId, cancellationToken);
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {m.Title} {ChinaTime.Format(m.Start)} {m.Place} [{StatusName(record?.Status)}]\n");
        }

        return text.Append("请假请回复「请假 编号 理由」，到场后发送「签到 签到码」。").ToString();
    }

    private async Task<string> CheckInAsync(MemberProfile member, string arguments, CancellationToken cancellationToken)
    {
        var code = arguments.Normalize(NormalizationForm.FormKC).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return "请发送「签到 6位签到码」，签到码在会场屏幕上；也可以扫会场二维码或发送位置签到。";
        }

        var failures = FailuresKey(member.MemberId);
        if (long.TryParse(await shared.GetAsync(failures, cancellationToken), out var tries) && tries >= options.WrongCodeLimit)
        {
            return LockedOut(options);
        }

        var open = await attendance.OpenForCheckInAsync(member.MemberId, cancellationToken);
        if (open.Count == 0)
        {
            return "现在没有可以签到的会议（会前 " + options.CheckInOpensBefore.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " 分钟开始签到）。发送「会议」查看安排。";
        }

        var now = time.GetUtcNow();
        if (open.FirstOrDefault(m => CheckInCode.IsValid(m, code, now, options.CodePeriod)) is not { } meeting)
        {
            var count = await shared.IncrementAsync(failures, options.WrongCodeLockout, cancellationToken);
            var left = options.WrongCodeLimit - count;
            return left > 0 ? $"签到码有误或已过期，请查看屏幕上最新的签到码（还可尝试 {left} 次）。" : $"签到码错误次数过多，请 {options.WrongCodeLockout.TotalMinutes:0} 分钟后再试。";
        }

        return (await attendance.CheckInAsync(meeting, member.MemberId, CheckInMethod.Code, cancellationToken)).Text;
    }

    /// <summary>The counter of a member's wrong check-in codes and expired check-in scans.</summary>
    internal static string FailuresKey(string memberId) => "ci-fail:" + memberId;

    internal static string LockedOut(MeetingsOptions options) =>
        $"签到码错误次数过多，请 {options.WrongCodeLockout.TotalMinutes:0} 分钟后再试，或请支部书记代签。";

    private async Task<string> LeaveAsync(MemberProfile member, string arguments, CancellationToken cancellationToken)
    {
        var parts = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var index = 1;
        DateOnly? day = null;
        var reason = arguments.Trim();
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var chosen))
        {
            index = chosen;
            reason = parts[1];
        }
        else if (parts.Length == 2 && MonthDay().Match(parts[0]) is { Success: true } date)
        {
            // 「请假 12月1日 理由」, as a reminder suggests: the meeting of that day, not merely the next one.
            day = DayOf(int.Parse(date.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(date.Groups[2].Value, CultureInfo.InvariantCulture));
            if (day is null)
            {
                return $"日期「{parts[0]}」无法识别，请写成 12月1日。";
            }

            reason = parts[1];
        }

        if (reason.Length == 0)
        {
            return "请写明请假理由，例如：请假 出差在外；多个会议时加编号：请假 2 出差在外。";
        }

        var upcoming = (await UpcomingAsync(member.MemberId, cancellationToken)).ToList();
        if (upcoming.Count == 0)
        {
            return "近期没有需要您参加的会议。";
        }

        if (day is { } wanted)
        {
            var onDay = upcoming.FindIndex(m => DateOnly.FromDateTime(ChinaTime.Local(m.Start).DateTime) == wanted);
            if (onDay < 0)
            {
                return $"{wanted.Month}月{wanted.Day}日没有需要您参加的会议，发送「会议」查看编号。";
            }

            index = onDay + 1;
        }

        if (index < 1 || index > upcoming.Count)
        {
            return $"没有编号为 {index} 的会议，发送「会议」查看编号。";
        }

        return (await attendance.RequestLeaveAsync(upcoming[index - 1], member.MemberId, reason, cancellationToken)).Text;
    }

    /// <summary>The next date (today or later, Asia/Shanghai) with this month and day.</summary>
    private DateOnly? DayOf(int month, int day)
    {
        var today = DateOnly.FromDateTime(ChinaTime.Local(time.GetUtcNow()).DateTime);
        foreach (var year in new[] { today.Year, today.Year + 1 })
        {
            if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && new DateOnly(year, month, day) >= today)
            {
                return new DateOnly(year, month, day);
            }
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d{1,2})月(\d{1,2})日?$")]
    private static partial System.Text.RegularExpressions.Regex MonthDay();

    private async Task<string> CreateAsync(Turn turn, MemberProfile convener, string arguments, CancellationToken cancellationToken)
    {
        if (MeetingCommandParser.TryParse(arguments, time.GetUtcNow(), out var error) is not { } parsed)
        {
            return error!;
        }

        var (groupId, refused) = await GroupOfAsync(convener, parsed, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var draft = new MeetingDraft(convener.BranchId, parsed.Type, parsed.Start, parsed.Place, GroupId: groupId, Id: "mt" + turn.StableId("meeting"), AlsoCounts: parsed.AlsoCounts);
        var result = await scheduler.CreateAsync(draft, convener.MemberId, cancellationToken);
        if (result.Meeting is not { } meeting)
        {
            return result.Error!;
        }

        return $"✅ 已安排：{meeting.Title}\n时间：{ChinaTime.Format(meeting.Start)}\n地点：{meeting.Place}\n应到 {result.Attendees} 人，系统将在会前按时提醒。";
    }

    /// <summary>
    /// The 党小组 a 党小组会 is for: the one named, which must be of the convener's branch (and, for a 党小组长, their
    /// own); a 党小组长 who names none convenes their own. Other kinds need a secretary and belong to no group.
    /// </summary>
    private async Task<(string? GroupId, string? Error)> GroupOfAsync(MemberProfile convener, MeetingCommand parsed, CancellationToken cancellationToken)
    {
        var leader = convener.Role < MemberRole.Secretary;
        if (parsed.Type != MeetingType.GroupMeeting)
        {
            return leader ? (null, "党小组长可以召开本党小组的党小组会；其他会议请由支部书记安排。") : (null, null);
        }

        var groups = (await members.ListUnitsAsync(cancellationToken)).Where(u => u.Kind == OrgUnitKind.Group && u.ParentId == convener.BranchId).ToList();
        var own = leader ? (await members.GetMemberAsync(convener.MemberId, cancellationToken))?.GroupId : null;
        if (parsed.Group is { } name)
        {
            if (groups.FirstOrDefault(g => g.Name == name) is not { } named)
            {
                return (null, $"本支部没有名为「{name}」的党小组。" + (groups.Count > 0 ? "本支部的党小组：" + string.Join("、", groups.Select(g => g.Name)) + "。" : string.Empty));
            }

            return leader && named.Id != own ? (null, "党小组长只能召开本党小组的党小组会。") : (named.Id, null);
        }

        if (leader)
        {
            return own is null ? (null, "名册中您还没有所属的党小组，请联系支部书记。") : (own, null);
        }

        return groups.Count == 0
            ? (null, null)
            : (null, "请写明召开哪个党小组的会议，例如：新建会议 党小组会 " + groups[0].Name + " 12月1日 14:30 地点。");
    }

    private async Task<string> CancelAsync(MemberProfile secretary, string arguments, CancellationToken cancellationToken)
    {
        var upcoming = (await UpcomingAsync(secretary.MemberId, cancellationToken)).Where(m => m.BranchId == secretary.BranchId).ToList();
        if (!int.TryParse(arguments.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1 || index > upcoming.Count)
        {
            return "请发送「取消会议 编号」，编号见「会议」列表。";
        }

        var result = await scheduler.CancelAsync(upcoming[index - 1].Id, cancellationToken);
        return result.Meeting is { } m ? $"已取消：{m.Title}（{ChinaTime.Format(m.Start)}），已通知参会党员。" : result.Error!;
    }

    private async Task<string> AttendanceAsync(MemberProfile secretary, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var recent = (await meetings.ListByBranchAsync(secretary.BranchId, now - TimeSpan.FromDays(90), now + TimeSpan.FromDays(1), cancellationToken))
            .Where(m => m.Status == MeetingStatus.Scheduled && m.Start - options.CheckInOpensBefore <= now)
            .LastOrDefault();
        if (recent is null)
        {
            return "最近没有召开的会议。";
        }

        var records = await meetings.GetAttendanceAsync(recent.Id, cancellationToken);
        var roster = (await members.GetManyAsync(records.Select(r => r.MemberId).ToList(), cancellationToken)).ToDictionary(m => m.Id);
        var names = roster.ToDictionary(p => p.Key, p => p.Value.Name);
        var counts = AttendanceCounts.Of(records);
        var text = new StringBuilder($"📋 {recent.Title} {ChinaTime.Format(recent.Start)}\n应到 {counts.Expected}，实到 {counts.Present}（迟到 {counts.Late}），请假 {counts.Leave}，缺席 {counts.Absent}，未签到 {counts.Pending}" + (counts.Undecided > 0 ? $"，请假待批 {counts.Undecided}（待处理）" : string.Empty) + "\n");
        if (Quorum.Applies(recent))
        {
            text.Append(Quorum.Of(records, id => roster.GetValueOrDefault(id)?.HasVote ?? false).Line).Append('\n');
        }

        foreach (var group in records.GroupBy(r => StatusName(r.Status)))
        {
            text.Append(group.Key).Append("：").AppendJoin("、", group.Select(r => names.GetValueOrDefault(r.MemberId, "?"))).Append('\n');
        }

        return text.ToString().TrimEnd();
    }

    private async Task<string> ShowCodeAsync(MemberProfile secretary, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var open = (await meetings.ListByBranchAsync(secretary.BranchId, now - options.CheckInClosesAfter, now + options.CheckInOpensBefore, cancellationToken))
            .Where(m => m.Status == MeetingStatus.Scheduled && attendance.IsOpen(m, now))
            .ToList();
        if (open.Count == 0)
        {
            return "现在没有正在签到的会议（会前 " + options.CheckInOpensBefore.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " 分钟开始）。";
        }

        var seconds = CheckInCode.SecondsLeft(now, options.CodePeriod);
        return string.Join("\n", open.Select(m => $"{m.Title}（{ChinaTime.Clock(m.Start)}）签到码：{CheckInCode.At(m, now, options.CodePeriod)}，{seconds} 秒后更新"));
    }

    private async Task<string> PendingLeaveAsync(MemberProfile secretary, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pending = new List<(Meeting Meeting, AttendanceRecord Record)>();
        foreach (var meeting in await meetings.ListByBranchAsync(secretary.BranchId, now, now + Horizon, cancellationToken))
        {
            if (meeting.Status == MeetingStatus.Scheduled)
            {
                pending.AddRange((await meetings.GetAttendanceAsync(meeting.Id, cancellationToken))
                    .Where(r => r.Status == AttendanceStatus.LeaveRequested)
                    .Select(r => (meeting, r)));
            }
        }

        if (pending.Count == 0)
        {
            return "本支部暂无待审批的请假。";
        }

        var names = (await members.GetManyAsync(pending.Select(p => p.Record.MemberId).Distinct().ToList(), cancellationToken)).ToDictionary(m => m.Id, m => m.Name);
        var text = new StringBuilder("📝 待审批的请假：\n");
        foreach (var (meeting, record) in pending)
        {
            text.Append(CultureInfo.InvariantCulture, $"· {names.GetValueOrDefault(record.MemberId, "?")} · {meeting.Title}（{ChinaTime.Format(meeting.Start)}）：{record.LeaveReason}\n");
        }

        return text.Append("请回复「批准请假 姓名」或「驳回请假 姓名」。").ToString();
    }

    private async Task<string> DecideAsync(MemberProfile secretary, string arguments, bool approve, CancellationToken cancellationToken)
    {
        var name = arguments.Trim();
        if (name.Length == 0)
        {
            return approve ? "请发送「批准请假 姓名」。" : "请发送「驳回请假 姓名」。";
        }

        var candidates = (await members.FindByNameAsync(name, cancellationToken)).Where(m => m.BranchId == secretary.BranchId).ToList();
        var now = time.GetUtcNow();
        foreach (var meeting in await meetings.ListByBranchAsync(secretary.BranchId, now, now + Horizon, cancellationToken))
        {
            foreach (var candidate in candidates)
            {
                if (await meetings.GetAttendeeAsync(meeting.Id, candidate.Id, cancellationToken) is { Status: AttendanceStatus.LeaveRequested })
                {
                    var reply = await attendance.DecideLeaveAsync(meeting, candidate.Id, approve, cancellationToken);
                    return $"{candidate.Name} · {meeting.Title}（{ChinaTime.Format(meeting.Start)}）：{reply.Text}";
                }
            }
        }

        return $"本支部没有找到「{name}」待审批的请假。";
    }

    private async Task<string> VerifyAsync(MemberProfile secretary, string arguments, bool confirm, CancellationToken cancellationToken)
    {
        var name = arguments.Trim();
        if (name.Length == 0)
        {
            return confirm ? "请发送「确认签到 姓名」。" : "请发送「驳回签到 姓名」。";
        }

        var candidates = (await members.FindByNameAsync(name, cancellationToken)).Where(m => m.BranchId == secretary.BranchId).ToList();
        var now = time.GetUtcNow();
        foreach (var meeting in await meetings.ListByBranchAsync(secretary.BranchId, now - TimeSpan.FromDays(7), now + options.CheckInOpensBefore, cancellationToken))
        {
            foreach (var candidate in candidates)
            {
                if (await meetings.GetAttendeeAsync(meeting.Id, candidate.Id, cancellationToken) is { Status: AttendanceStatus.Unverified })
                {
                    var reply = await attendance.VerifyCheckInAsync(meeting, candidate.Id, confirm, cancellationToken);
                    return $"{candidate.Name} · {meeting.Title}（{ChinaTime.Format(meeting.Start)}）：{reply.Text}";
                }
            }
        }

        return $"本支部没有找到「{name}」待核实的签到。";
    }

    public static string StatusName(AttendanceStatus? status) => status switch
    {
        AttendanceStatus.Present => "已签到",
        AttendanceStatus.Late => "迟到",
        AttendanceStatus.LeaveRequested => "请假待批",
        AttendanceStatus.OnLeave => "请假",
        AttendanceStatus.LeaveRefused => "请假未获批准",
        AttendanceStatus.Absent => "缺席",
        AttendanceStatus.Unverified => "签到待核实",
        _ => "未签到",
    };
}
