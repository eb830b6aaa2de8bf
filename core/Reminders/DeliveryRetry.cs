using BranchBot.Core.Meetings;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Reminders;

/// <summary>What a retry request did: queued a fresh job, found it already queued (a second click), or why not.</summary>
public sealed record RetryResult(bool Queued, string? JobId, string? Error)
{
    public static RetryResult Refused(string error) => new(false, null, error);
}

/// <summary>
/// Sends a failed notice again, once. The retry is a new job with its own id (the old id's delivery guards say
/// "failed" for good and would stop it), derived from the failed job and how many retries it has had, and claimed
/// in shared state first: a double click or two instances queue it once, and its deliveries are guarded like any other.
/// </summary>
public sealed class DeliveryRetry(IReminderQueue queue, IMeetingStore meetings, ISharedState shared, TimeProvider time)
{
    internal const string Marker = "~r";
    /// <remarks>
    /// Short on purpose: the claim only spares a double click the work. Queueing the same retry id twice is harmless
    /// (it replaces the queued job, and the id's delivery guard sends it once), while a long claim left by a crash
    /// between claiming and queueing would block that retry for good.
    /// </remarks>
    private static readonly TimeSpan ClaimKeep = TimeSpan.FromMinutes(2);

    /// <summary>Whether the console may offer a retry for this outcome, given everything recorded and queued for the meeting.</summary>
    public static bool IsRetryable(DeliveryOutcome outcome, IReadOnlyList<DeliveryOutcome> all, IReadOnlyList<ReminderJob> queued) =>
        outcome.Status == DeliveryStatus.Failed
        && outcome.Kind is not (ReminderKind.Compliance or ReminderKind.Bulletin)
        && !all.Any(o => o.JobId == outcome.JobId && o.Status == DeliveryStatus.Sent)
        && !all.Any(o => o.JobId.StartsWith(outcome.JobId + Marker, StringComparison.Ordinal))
        && !queued.Any(j => j.Id.StartsWith(outcome.JobId + Marker, StringComparison.Ordinal));

    public async Task<RetryResult> RetryAsync(string meetingId, string jobId, CancellationToken cancellationToken)
    {
        var outcomes = await queue.ListOutcomesAsync(meetingId, cancellationToken);
        var failed = outcomes.LastOrDefault(o => o.JobId == jobId && o.Status == DeliveryStatus.Failed);
        if (failed is null)
        {
            return RetryResult.Refused(outcomes.Any(o => o.JobId == jobId) ? "只能重试发送失败的通知" : "找不到这条投递记录");
        }

        var retryId = jobId + Marker + jobId.Split(Marker).Length;
        if (outcomes.Any(o => o.JobId.StartsWith(jobId + Marker, StringComparison.Ordinal)))
        {
            return RetryResult.Refused("已经重发过，请看重发的结果");
        }

        if (!IsRetryable(failed, outcomes, []))
        {
            return RetryResult.Refused(failed.Kind is ReminderKind.Compliance or ReminderKind.Bulletin ? "组织生活提醒和工作通报不能重发" : "这条通知已经送达");
        }

        if (!await shared.TryAcquireLeaseAsync("delivery-retry:" + retryId, "1", ClaimKeep, cancellationToken))
        {
            // A second click (or another instance) got here first: the same retry, queued once.
            return new RetryResult(false, retryId, null);
        }

        var meeting = await meetings.GetMeetingAsync(meetingId, cancellationToken);
        var now = time.GetUtcNow();
        if (meeting is null || (failed.Kind == ReminderKind.Reminder && (meeting.Status == MeetingStatus.Cancelled || meeting.Start <= now)))
        {
            await shared.ReleaseLeaseAsync("delivery-retry:" + retryId, "1", cancellationToken);
            return RetryResult.Refused(meeting is null ? "会议已不存在" : "会议已开始或已取消，不再提醒");
        }

        await queue.ScheduleAsync([new ReminderJob(retryId, failed.Kind, meetingId, failed.MemberId, now, meeting.Version)], cancellationToken);
        return new RetryResult(true, retryId, null);
    }
}
