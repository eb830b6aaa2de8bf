using System.Security.Cryptography;
using System.Text;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Telemetry;

namespace BranchBot.Core.Reminders;

/// <summary>
/// Sends due notices exactly once per (job, meeting version, channel): a template message first (its client_msg_id
/// lets WeChat drop a repeat), SMS when the member has no WeChat, has unfollowed, or the template failed for good.
/// A delivery is marked "sending" before the provider call; after a crash a template is sent again with the same
/// client_msg_id, while an SMS in that state is not repeated (providers don't de-duplicate) and is recorded as unknown.
/// </summary>
public sealed class ReminderDispatcher(
    IReminderQueue queue,
    IMeetingStore meetings,
    IMemberStore members,
    ITemplateNotifier templates,
    ISmsSender sms,
    IDeliveryProblems problems,
    RemindersOptions options,
    TimeProvider time,
    BotMetrics? metrics = null)
{
    private readonly BotMetrics _metrics = metrics ?? BotMetrics.Disabled;

    /// <summary>Claims and handles one batch of due jobs; returns how many were claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var jobs = await queue.ClaimDueAsync(time.GetUtcNow(), options.BatchSize, options.Lease, cancellationToken);
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (job, ct) => await HandleAsync(job, ct));
        return jobs.Count;
    }

    private async Task HandleAsync(ReminderJob job, CancellationToken cancellationToken)
    {
        var member = await members.GetMemberAsync(job.MemberId, cancellationToken);
        var meeting = job.Kind is ReminderKind.Compliance or ReminderKind.Bulletin ? null : await meetings.GetMeetingAsync(job.MeetingId, cancellationToken);
        if (await SkipReasonAsync(job, member, meeting, cancellationToken) is { } reason)
        {
            await queue.RecordAsync(Outcome(job, null, DeliveryStatus.Skipped, reason), cancellationToken);
            await queue.CompleteAsync(job, cancellationToken);
            return;
        }

        var subject = job.Subject is { } about ? (await members.GetMemberAsync(about, cancellationToken))?.Name : null;
        var notice = NoticeTexts.For(job, meeting, member!, options, subject);
        var useTemplate = templates.Enabled && member!.OpenId is not null && member.Subscribed;
        if (useTemplate && !await TrySendTemplateAsync(job, member!, notice, cancellationToken))
        {
            return;
        }

        await SendSmsAsync(job, member!, notice, useTemplate, cancellationToken);
    }

    /// <summary>
    /// Tries the template channel. Returns false when the job is finished or put back for later; true when SMS should
    /// be tried (the template was not delivered and won't be).
    /// </summary>
    private async Task<bool> TrySendTemplateAsync(ReminderJob job, Member member, Notice notice, CancellationToken cancellationToken)
    {
        var key = Key(job, DeliveryChannel.Template);
        switch (await queue.BeginDeliveryAsync(key, options.DeliveryMemory, cancellationToken))
        {
            case DeliveryStart.Done:
                await queue.CompleteAsync(job, cancellationToken);
                return false;
            case DeliveryStart.FailedBefore:
                return true;
        }

        var result = await templates.SendAsync(new TemplateNotice(member.OpenId!, ClientMsgId(key), notice.Values, notice.Text, job.Url), cancellationToken);
        switch (result.Status)
        {
            case NoticeStatus.Sent:
                await queue.FinishDeliveryAsync(key, Outcome(job, DeliveryChannel.Template, DeliveryStatus.Sent, "模板消息已发送"), options.DeliveryMemory, cancellationToken);
                await queue.CompleteAsync(job, cancellationToken);
                return false;
            case NoticeStatus.Retry when job.Attempt + 1 < options.MaxAttempts:
                _metrics.Delivery("template", "retry");
                await queue.ReleaseDeliveryAsync(key, cancellationToken);
                await queue.RetryLaterAsync(job with { Attempt = job.Attempt + 1 }, time.GetUtcNow() + options.RetryBackoff * Math.Pow(2, job.Attempt), cancellationToken);
                return false;
            default:
                if (result.Misconfigured)
                {
                    await ReportAsync(DeliveryChannel.Template, result.Field is null ? "Reminders:TemplateId" : $"Reminders:TemplateFields:{result.Field}",
                        $"tpl:{options.TemplateId}:{result.Field ?? result.Code}", result.Code ?? string.Empty, result.Detail ?? string.Empty, cancellationToken);
                }

                var detail = $"模板消息失败（{result.Code} {result.Detail}），改发短信";
                await queue.FinishDeliveryAsync(key, Outcome(job, DeliveryChannel.Template, DeliveryStatus.Failed, detail), options.DeliveryMemory, cancellationToken);
                return true;
        }
    }

    private async Task SendSmsAsync(ReminderJob job, Member member, Notice notice, bool fellBack, CancellationToken cancellationToken)
    {
        var key = Key(job, DeliveryChannel.Sms);
        switch (await queue.BeginDeliveryAsync(key, options.DeliveryMemory, cancellationToken))
        {
            case DeliveryStart.Done or DeliveryStart.FailedBefore:
                await queue.CompleteAsync(job, cancellationToken);
                return;
            case DeliveryStart.InFlight:
                // A previous try crashed mid-send: the provider may have sent it, and it would not drop a repeat.
                await queue.FinishDeliveryAsync(key, Outcome(job, DeliveryChannel.Sms, DeliveryStatus.Failed, "短信发送中断，结果未知，未重发"), options.DeliveryMemory, cancellationToken);
                await queue.CompleteAsync(job, cancellationToken);
                return;
        }

        var message = new SmsMessage(member.Phone, notice.SmsTemplate, notice.SmsParameters, key);
        var result = await sms.SendAsync(message, cancellationToken);
        if (result.Sent)
        {
            if (fellBack)
            {
                _metrics.SmsFallbacks.Add(1);
            }

            var detail = (fellBack ? "已改发短信" : "短信已发送") + (result.ProviderMessageId is null ? string.Empty : $"（{sms.Provider} {result.ProviderMessageId}）");
            await queue.FinishDeliveryAsync(key, Outcome(job, DeliveryChannel.Sms, DeliveryStatus.Sent, detail), options.DeliveryMemory, cancellationToken);
            await queue.CompleteAsync(job, cancellationToken);
        }
        else if (result.Retryable && job.Attempt + 1 < options.MaxAttempts)
        {
            _metrics.Delivery("sms", "retry");
            await queue.ReleaseDeliveryAsync(key, cancellationToken);
            await queue.RetryLaterAsync(job with { Attempt = job.Attempt + 1 }, time.GetUtcNow() + options.RetryBackoff * Math.Pow(2, job.Attempt), cancellationToken);
        }
        else
        {
            if (result.Misconfigured)
            {
                await ReportAsync(DeliveryChannel.Sms, $"Sms:Templates:{message.Template}", $"sms:{sms.Provider}:{message.Template}:{result.ErrorCode}",
                    result.ErrorCode ?? string.Empty, result.Error ?? string.Empty, cancellationToken);
            }

            await queue.FinishDeliveryAsync(key, Outcome(job, DeliveryChannel.Sms, DeliveryStatus.Failed, $"短信失败：{result.ErrorCode} {result.Error}"), options.DeliveryMemory, cancellationToken);
            await queue.CompleteAsync(job, cancellationToken);
        }
    }

    private Task ReportAsync(DeliveryChannel channel, string setting, string key, string code, string detail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return problems.ReportProblemAsync(new DeliveryProblem(key, channel, setting, code, detail, now, now, 1), cancellationToken);
    }

    private async Task<string?> SkipReasonAsync(ReminderJob job, Member? member, Meeting? meeting, CancellationToken cancellationToken)
    {
        if (member is null)
        {
            return "党员已不在名单中";
        }

        if (!member.IsActive)
        {
            // Leaving withdraws the member's jobs; one claimed at that moment still stops here.
            return "党员已" + MemberStandings.NameOf(member.Standing);
        }

        if (job.Kind is ReminderKind.Compliance or ReminderKind.Bulletin)
        {
            return null;
        }

        if (meeting is null)
        {
            return "会议已不存在";
        }

        if (job.Kind is ReminderKind.LeaveAsked or ReminderKind.LeaveApproved or ReminderKind.LeaveRefused)
        {
            // About a leave, not the meeting's time: a later change of the meeting does not make it stale.
            if (meeting.Status == MeetingStatus.Cancelled)
            {
                return "会议已取消";
            }

            var asked = job.Kind == ReminderKind.LeaveAsked && job.Subject is { } applicant
                ? await meetings.GetAttendeeAsync(job.MeetingId, applicant, cancellationToken)
                : null;
            return job.Kind == ReminderKind.LeaveAsked && asked?.Status != AttendanceStatus.LeaveRequested ? "请假已处理" : null;
        }

        if (job.Kind != ReminderKind.Cancelled && (meeting.Status == MeetingStatus.Cancelled || meeting.Version != job.MeetingVersion))
        {
            return "会议已变更，旧提醒作废";
        }

        if (job.Kind == ReminderKind.Reminder)
        {
            var attendee = await meetings.GetAttendeeAsync(job.MeetingId, job.MemberId, cancellationToken);
            if (attendee is null)
            {
                return "已不在参会名单中";
            }

            if (attendee.Excused)
            {
                return "已请假，不再提醒";
            }

            if (attendee.CheckedIn)
            {
                return "已签到，不再提醒";
            }
        }

        return member.OpenId is null && string.IsNullOrEmpty(member.Phone) ? "没有可用的联系方式" : null;
    }

    private static string Key(ReminderJob job, DeliveryChannel channel) =>
        $"{job.Id}:v{job.MeetingVersion}:{(channel == DeliveryChannel.Template ? "tpl" : "sms")}";

    /// <summary>WeChat's client_msg_id is limited in length: a short hash of the delivery key.</summary>
    private static string ClientMsgId(string key) => "bb" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..30];

    private DeliveryOutcome Outcome(ReminderJob job, DeliveryChannel? channel, DeliveryStatus status, string detail)
    {
        _metrics.Delivery(channel switch { DeliveryChannel.Template => "template", DeliveryChannel.Sms => "sms", _ => "none" }, status.ToString().ToLowerInvariant());
        return new(job.Id, job.Kind, job.MeetingId, job.MemberId, channel, status, detail, time.GetUtcNow());
    }
}
