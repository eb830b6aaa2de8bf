using BranchBot.Core.MemberPoints;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;

namespace BranchBot.Core.Meetings;

/// <summary>The result of a check-in, leave or decision: whether it changed anything, and what to tell the person.</summary>
public sealed record AttendanceReply(bool Changed, string Text);

/// <summary>
/// Check-in, leave and absentees. Every change is a compare-and-set on one attendance record, so a repeated check-in
/// says "已签到" and changes nothing, and two instances cannot overwrite each other.
/// </summary>
public sealed class AttendanceService(IMeetingStore meetings, IMemberStore members, IMakeUpStore makeUps, IReminderQueue queue, MeetingsOptions options, TimeProvider time,
    MemberPointsRecorder points)
{
    private static readonly AttendanceStatus[] CanCheckIn =
        [AttendanceStatus.Pending, AttendanceStatus.LeaveRequested, AttendanceStatus.OnLeave, AttendanceStatus.LeaveRefused, AttendanceStatus.Unverified];

    private static readonly AttendanceStatus[] CanClaim = [AttendanceStatus.Pending, AttendanceStatus.LeaveRefused];

    private static readonly AttendanceStatus[] CanAskLeave = [AttendanceStatus.Pending, AttendanceStatus.LeaveRefused];

    /// <summary>Meetings of the member whose check-in window is open now.</summary>
    public async Task<IReadOnlyList<Meeting>> OpenForCheckInAsync(string memberId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var list = await meetings.ListForMemberAsync(memberId, now - options.CheckInClosesAfter, now + options.CheckInOpensBefore + TimeSpan.FromSeconds(1), cancellationToken);
        return list.Where(m => m.Status == MeetingStatus.Scheduled && IsOpen(m, now)).ToList();
    }

    public bool IsOpen(Meeting meeting, DateTimeOffset at) =>
        at >= meeting.Start - options.CheckInOpensBefore && at <= meeting.Start + options.CheckInClosesAfter;

    public async Task<AttendanceReply> CheckInAsync(Meeting meeting, string memberId, CheckInMethod method, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return new(false, $"{meeting.Title}已取消，无需签到。");
        }

        if (!IsOpen(meeting, now) && method != CheckInMethod.BySecretary)
        {
            return new(false, now < meeting.Start ? $"还没到签到时间：会前 {options.CheckInOpensBefore.TotalMinutes:0} 分钟开始签到。" : "签到已经结束了。如有疑问请联系支部书记。");
        }

        var status = now > meeting.Start ? AttendanceStatus.Late : AttendanceStatus.Present;
        // The secretary may also correct a 缺席 marked at the close (the member came but could not check in): it becomes 迟到.
        var from = method == CheckInMethod.BySecretary ? [.. CanCheckIn, AttendanceStatus.Absent] : CanCheckIn;
        var change = await meetings.ChangeAttendanceAsync(new AttendanceRecord(meeting.Id, memberId, status, now, method), from, cancellationToken);
        if (change.Current is null)
        {
            return new(false, "您不在这次会议的参会名单中，如有疑问请联系支部书记。");
        }

        if (change.Applied)
        {
            await PointsAfterCloseAsync(meeting, change.Current, cancellationToken);
            return new(true, $"✅ 签到成功：{meeting.Title}（{ChinaTime.Format(meeting.Start)}，{meeting.Place}）" + (status == AttendanceStatus.Late ? "\n本次记为迟到。" : string.Empty));
        }

        return change.Current.CheckedIn
            ? new(false, $"您已签到（{ChinaTime.Clock(change.Current.CheckedInAt!.Value)}），无需重复签到。")
            : new(false, "签到已经结束了。如有疑问请联系支部书记。");
    }

    /// <summary>
    /// A location message picked on the map, inside the fence: recorded as 待核实 (with the time it came) until the
    /// secretary confirms or refuses it. A proper check-in (code, QR code, location report) later replaces it.
    /// </summary>
    public async Task<AttendanceReply> ClaimByPickedLocationAsync(Meeting meeting, string memberId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!IsOpen(meeting, now) || meeting.Status == MeetingStatus.Cancelled)
        {
            return new(false, "现在没有可以签到的会议。");
        }

        var change = await meetings.ChangeAttendanceAsync(new AttendanceRecord(meeting.Id, memberId, AttendanceStatus.Unverified, now, CheckInMethod.Location), CanClaim, cancellationToken);
        if (change.Current is null)
        {
            return new(false, "您不在这次会议的参会名单中，如有疑问请联系支部书记。");
        }

        if (change.Applied)
        {
            return new(true, $"已收到您发送的位置：{meeting.Title} 的签到待支部书记核实。\n在会场打开公众号（允许提供位置信息）、扫描屏幕上的二维码或发送「签到 签到码」可直接签到。");
        }

        return change.Current.Status switch
        {
            AttendanceStatus.Unverified => new(false, "您的位置签到已在等待支部书记核实。"),
            _ when change.Current.CheckedIn => new(false, $"您已签到（{ChinaTime.Clock(change.Current.CheckedInAt!.Value)}），无需重复签到。"),
            _ => new(false, "现在不能用位置签到，请使用签到码或扫描二维码。"),
        };
    }

    /// <summary>The secretary confirms (present or late, by the time the location came) or refuses a 待核实 check-in.</summary>
    public async Task<AttendanceReply> VerifyCheckInAsync(Meeting meeting, string memberId, bool confirm, CancellationToken cancellationToken)
    {
        var current = await meetings.GetAttendeeAsync(meeting.Id, memberId, cancellationToken);
        if (current is null)
        {
            return new(false, "这位党员不在参会名单中。");
        }

        var now = time.GetUtcNow();
        var next = confirm
            ? current with { Status = current.CheckedInAt > meeting.Start ? AttendanceStatus.Late : AttendanceStatus.Present }
            : current with { Status = now > meeting.Start + options.CheckInClosesAfter ? AttendanceStatus.Absent : AttendanceStatus.Pending, CheckedInAt = null, Method = null };
        var change = await meetings.ChangeAttendanceAsync(next, [AttendanceStatus.Unverified], cancellationToken);
        if (!change.Applied)
        {
            return new(false, "这位党员没有待核实的签到。");
        }

        await PointsAfterCloseAsync(meeting, change.Current!, cancellationToken);

        return new(true, confirm ? "已确认签到。" : "已驳回位置签到，本人可用签到码或扫码重新签到。");
    }

    public async Task<AttendanceReply> RequestLeaveAsync(Meeting meeting, string memberId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (meeting.Start <= now)
        {
            return new(false, "会议已经开始，不能再请假了。如有特殊情况请直接联系支部书记。");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 100)
        {
            return new(false, "请写明请假理由（100 字以内），例如：请假 出差在外。");
        }

        var change = await meetings.ChangeAttendanceAsync(new AttendanceRecord(meeting.Id, memberId, AttendanceStatus.LeaveRequested, null, null, reason.Trim()), CanAskLeave, cancellationToken);
        if (change.Current is null)
        {
            return new(false, "您不在这次会议的参会名单中。");
        }

        if (change.Applied)
        {
            await NotifySecretariesAsync(meeting, memberId, reason.Trim(), cancellationToken);
            return new(true, $"已提交请假：{meeting.Title}（{ChinaTime.Format(meeting.Start)}），理由：{reason.Trim()}。\n已通知支部书记审批，审批结果将告知您；这次会议不再提醒您。");
        }

        if (change.Current.Status == AttendanceStatus.LeaveRequested && change.Current.LeaveReason == reason.Trim())
        {
            // The same request again (a redelivered push after a crash): make sure the secretaries were told; the ids make it once.
            await NotifySecretariesAsync(meeting, memberId, reason.Trim(), cancellationToken);
        }

        return new(false, change.Current.Status switch
        {
            AttendanceStatus.LeaveRequested or AttendanceStatus.OnLeave => "这次会议您已经请过假了。",
            AttendanceStatus.Present or AttendanceStatus.Late => "您已签到，无需请假。",
            _ => "现在不能请假了。",
        });
    }

    /// <summary>The secretary approves or refuses a requested leave.</summary>
    public async Task<AttendanceReply> DecideLeaveAsync(Meeting meeting, string memberId, bool approve, CancellationToken cancellationToken)
    {
        var current = await meetings.GetAttendeeAsync(meeting.Id, memberId, cancellationToken);
        if (current is null)
        {
            return new(false, "这位党员不在参会名单中。");
        }

        // Decided after the check-in window closed: a refusal is an absence at once, and either way 补学 is owed.
        var closed = time.GetUtcNow() > meeting.Start + options.CheckInClosesAfter;
        var refused = closed ? AttendanceStatus.Absent : AttendanceStatus.LeaveRefused;
        var next = current with { Status = approve ? AttendanceStatus.OnLeave : refused };
        var change = await meetings.ChangeAttendanceAsync(next, [AttendanceStatus.LeaveRequested], cancellationToken);
        if (!change.Applied)
        {
            if (change.Current?.Status == next.Status)
            {
                await NotifyDecisionAsync(meeting, memberId, approve, closed, cancellationToken);
                return new(false, approve ? "已经批准过了。" : "已经驳回过了。");
            }

            return new(false, "这位党员没有待审批的请假。");
        }

        await NotifyDecisionAsync(meeting, memberId, approve, closed, cancellationToken);
        await PointsAfterCloseAsync(meeting, change.Current!, cancellationToken);
        return new(true, approve ? "已批准请假，已告知本人。" : closed ? "已驳回请假，计为缺席，已告知本人。" : "已驳回请假，已告知本人，会议照常提醒。");
    }

    /// <summary>Tells the branch's secretaries (书记, 副书记, 组织委员) that a member asked leave; one notice each, however often this runs.</summary>
    private async Task NotifySecretariesAsync(Meeting meeting, string memberId, string reason, CancellationToken cancellationToken)
    {
        var branch = await members.QueryAsync(new MemberQuery(meeting.BranchId, null, null, 0, int.MaxValue), cancellationToken);
        var now = time.GetUtcNow();
        var jobs = branch.Items.Where(m => m.Role == MemberRole.Secretary && m.Id != memberId)
            .Select(s => new ReminderJob($"lva:{meeting.Id}:{memberId}:{s.Id}", ReminderKind.LeaveAsked, meeting.Id, s.Id, now, meeting.Version, Text: reason, Subject: memberId))
            .ToList();
        await queue.ScheduleAsync(jobs, cancellationToken);
    }

    /// <summary>Tells the member the decision (and, past the window, that 补学 is owed); once, however often this runs.</summary>
    private async Task NotifyDecisionAsync(Meeting meeting, string memberId, bool approve, bool closed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var kind = approve ? ReminderKind.LeaveApproved : ReminderKind.LeaveRefused;
        var code = approve ? "lvy" : "lvn";
        var text = !approve && closed ? "计为缺席" : null;
        await queue.ScheduleAsync([new ReminderJob($"{code}:{meeting.Id}:{memberId}", kind, meeting.Id, memberId, now, meeting.Version, Text: text)], cancellationToken);
        if (closed)
        {
            await PlanMakeUpAsync(meeting, [memberId], cancellationToken);
        }
    }

    /// <summary>A change after the check-in window closed (a late check-in by the secretary, a leave decided late) corrects the member's 党员积分 entry.</summary>
    private async Task PointsAfterCloseAsync(Meeting meeting, AttendanceRecord record, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() > meeting.Start + options.CheckInClosesAfter && meeting.Status == MeetingStatus.Scheduled)
        {
            await points.RecordAttendanceAsync(meeting, record, cancellationToken);
        }
    }

    private async Task PlanMakeUpAsync(Meeting meeting, IReadOnlyList<string> owing, CancellationToken cancellationToken)
    {
        if (!options.OwesMakeUp(meeting) || owing.Count == 0)
        {
            return;
        }

        var deadline = meeting.Start.AddDays(options.MakeUpDays);
        var now = time.GetUtcNow();
        await makeUps.OweAsync(meeting.Id, owing, deadline, cancellationToken);
        await queue.ScheduleAsync(owing.Select(m => new ReminderJob($"mku:{meeting.Id}:{m}", ReminderKind.MakeUp, meeting.Id, m, now, meeting.Version,
            Text: $"请在{ChinaTime.Format(deadline)}前完成补学，完成后回复「补学 学习内容」报告", Deadline: deadline)).ToList(), cancellationToken);
    }

    /// <summary>
    /// After the check-in window: everyone still 未签到 becomes 缺席 (and a refused leave counts as absent); a leave still
    /// undecided stays 请假待批 (待处理 for the secretary, neither 请假 nor 缺席 until decided). Absentees and members on
    /// leave of the kinds in <c>Meetings:MakeUpKinds</c> get a 补学 notice. Safe to run more than once, on any instance.
    /// </summary>
    public async Task<IReadOnlyList<string>> CloseAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var absent = new List<string>();
        if (meeting.Status == MeetingStatus.Scheduled)
        {
            foreach (var record in await meetings.GetAttendanceAsync(meeting.Id, cancellationToken))
            {
                if (record.Status is AttendanceStatus.Pending or AttendanceStatus.LeaveRefused)
                {
                    var change = await meetings.ChangeAttendanceAsync(record with { Status = AttendanceStatus.Absent }, [AttendanceStatus.Pending, AttendanceStatus.LeaveRefused], cancellationToken);
                    if (change.Current?.Status == AttendanceStatus.Absent)
                    {
                        absent.Add(record.MemberId);
                    }
                }
            }

            var onLeave = (await meetings.GetAttendanceAsync(meeting.Id, cancellationToken)).Where(r => r.Status == AttendanceStatus.OnLeave).Select(r => r.MemberId);
            await PlanMakeUpAsync(meeting, [.. absent, .. onLeave], cancellationToken);
            await points.RecordMeetingAsync(meeting, await meetings.GetAttendanceAsync(meeting.Id, cancellationToken), cancellationToken);
        }

        await meetings.MarkClosedAsync(meeting.Id, cancellationToken);
        return absent;
    }
}
