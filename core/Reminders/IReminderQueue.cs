namespace BranchBot.Core.Reminders;

/// <summary>
/// Port for the durable due-queue of notices and the exactly-once guards of their deliveries. Claims are leased by
/// the store's own clock, so a crashed instance's claims return to the queue and no two instances send the same job.
/// </summary>
public interface IReminderQueue
{
    /// <summary>Adds jobs, or replaces queued jobs with the same id (new due time, new version).</summary>
    Task ScheduleAsync(IReadOnlyList<ReminderJob> jobs, CancellationToken cancellationToken);

    /// <summary>Removes every queued job of a meeting that has the given kind (all kinds when null).</summary>
    Task CancelAsync(string meetingId, ReminderKind? kind, CancellationToken cancellationToken);

    /// <summary>
    /// Removes every queued or claimed job addressed to the member (a member who left gets nothing more); returns how
    /// many. Reads the whole queue, which is fine for an action taken once per departure.
    /// </summary>
    Task<int> WithdrawMemberAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>Takes up to <paramref name="max"/> jobs due at <paramref name="now"/> for the lease time.</summary>
    Task<IReadOnlyList<ReminderJob>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Done with a claimed job: it leaves the queue.</summary>
    Task CompleteAsync(ReminderJob job, CancellationToken cancellationToken);

    /// <summary>Puts a claimed job back for a later try.</summary>
    Task RetryLaterAsync(ReminderJob job, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>Queued and claimed jobs of a meeting (for the secretary and tests).</summary>
    Task<IReadOnlyList<ReminderJob>> ListAsync(string meetingId, CancellationToken cancellationToken);

    /// <summary>Marks a delivery as being sent, unless it was done before; says what it found.</summary>
    Task<DeliveryStart> BeginDeliveryAsync(string deliveryKey, TimeSpan keep, CancellationToken cancellationToken);

    /// <summary>Marks a delivery known not sent, so the next try sends it.</summary>
    Task ReleaseDeliveryAsync(string deliveryKey, CancellationToken cancellationToken);

    /// <summary>Marks a delivery finished (sent, or failed for good) and records its outcome for the meeting.</summary>
    Task FinishDeliveryAsync(string deliveryKey, DeliveryOutcome outcome, TimeSpan keep, CancellationToken cancellationToken);

    /// <summary>Records an outcome that needs no guard (skipped notices).</summary>
    Task RecordAsync(DeliveryOutcome outcome, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryOutcome>> ListOutcomesAsync(string meetingId, CancellationToken cancellationToken);

    /// <summary>How many jobs wait (queued, not leased) and when the earliest of them fell due, for the operator's gauges.</summary>
    Task<QueueStats> GetStatsAsync(CancellationToken cancellationToken);
}

/// <summary>Jobs waiting in the queue (due or not) and the due time of the earliest one, if any.</summary>
public sealed record QueueStats(long Waiting, DateTimeOffset? EarliestDue);
