using BranchBot.Core.Reminders;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IReminderQueue
{
    private readonly Dictionary<string, ReminderJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DeliveryOutcome>> _outcomes = new(StringComparer.Ordinal);

    public Task ScheduleAsync(IReadOnlyList<ReminderJob> jobs, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var job in jobs)
            {
                _jobs[job.Id] = job;
                _leases.Remove(job.Id);
            }
        }

        return Task.CompletedTask;
    }

    // Twin of the CancelJobs script in RedisStore.Reminders.cs.
    public Task CancelAsync(string meetingId, ReminderKind? kind, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var id in _jobs.Values.Where(j => j.MeetingId == meetingId && (kind is null || j.Kind == kind)).Select(j => j.Id).ToList())
            {
                _jobs.Remove(id);
                _leases.Remove(id);
            }
        }

        return Task.CompletedTask;
    }

    // Twin of the WithdrawMember script in RedisStore.Reminders.cs.
    public Task<int> WithdrawMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var ids = _jobs.Values.Where(j => j.MemberId == memberId).Select(j => j.Id).ToList();
            foreach (var id in ids)
            {
                _jobs.Remove(id);
                _leases.Remove(id);
            }

            return Task.FromResult(ids.Count);
        }
    }

    // Twin of the ClaimDue script in RedisStore.Reminders.cs.
    public Task<IReadOnlyList<ReminderJob>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var clock = time.GetUtcNow();
            var due = _jobs.Values
                .Where(j => _leases.TryGetValue(j.Id, out var until) ? until <= clock : j.Due <= now)
                .OrderBy(j => j.Due)
                .Take(max)
                .ToList();
            foreach (var job in due)
            {
                _leases[job.Id] = clock + lease;
            }

            return Task.FromResult<IReadOnlyList<ReminderJob>>(due);
        }
    }

    // Twin of the CompleteJob script in RedisStore.Reminders.cs.
    public Task CompleteAsync(ReminderJob job, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // A job re-planned while it was being sent (new version or time) stays queued.
            if (_jobs.TryGetValue(job.Id, out var queued) && queued.MeetingVersion == job.MeetingVersion && queued.Due == job.Due)
            {
                _jobs.Remove(job.Id);
            }

            _leases.Remove(job.Id);
        }

        return Task.CompletedTask;
    }

    public Task RetryLaterAsync(ReminderJob job, DateTimeOffset due, CancellationToken cancellationToken) =>
        ScheduleAsync([job with { Due = due }], cancellationToken);

    // Twin of the ListJobs script in RedisStore.Reminders.cs.
    public Task<IReadOnlyList<ReminderJob>> ListAsync(string meetingId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderJob>>(_jobs.Values.Where(j => j.MeetingId == meetingId).OrderBy(j => j.Due).ToList());
        }
    }

    // Twin of the BeginDelivery script in RedisStore.Reminders.cs.
    public Task<DeliveryStart> BeginDeliveryAsync(string deliveryKey, TimeSpan keep, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var state = Read<Shared>(DeliveryKey(deliveryKey))?.Value;
            if (state is null or "retry")
            {
                Write(DeliveryKey(deliveryKey), new Shared("sending"), keep);
                return Task.FromResult(DeliveryStart.New);
            }

            return Task.FromResult(state switch
            {
                "sent" => DeliveryStart.Done,
                "failed" => DeliveryStart.FailedBefore,
                _ => DeliveryStart.InFlight,
            });
        }
    }

    public Task ReleaseDeliveryAsync(string deliveryKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Touch(DeliveryKey(deliveryKey), TimeSpan.FromDays(1));
            if (_entries.TryGetValue(DeliveryKey(deliveryKey), out var entry))
            {
                _entries[DeliveryKey(deliveryKey)] = entry with { Value = new Shared("retry") };
            }
        }

        return Task.CompletedTask;
    }

    public Task FinishDeliveryAsync(string deliveryKey, DeliveryOutcome outcome, TimeSpan keep, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Write(DeliveryKey(deliveryKey), new Shared(outcome.Status == DeliveryStatus.Sent ? "sent" : "failed"), keep);
            OutcomesOf(outcome.MeetingId).Add(outcome);
        }

        return Task.CompletedTask;
    }

    public Task RecordAsync(DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            OutcomesOf(outcome.MeetingId).Add(outcome);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryOutcome>> ListOutcomesAsync(string meetingId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DeliveryOutcome>>(OutcomesOf(meetingId).ToList());
        }
    }

    private List<DeliveryOutcome> OutcomesOf(string meetingId)
    {
        if (!_outcomes.TryGetValue(meetingId, out var list))
        {
            _outcomes[meetingId] = list = [];
        }

        return list;
    }

    private static string DeliveryKey(string key) => "delivery:" + key;

    public Task<QueueStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var clock = time.GetUtcNow();
            var waiting = _jobs.Values.Where(j => !_leases.TryGetValue(j.Id, out var until) || until <= clock).ToList();
            return Task.FromResult(new QueueStats(waiting.Count, waiting.Count == 0 ? null : waiting.Min(j => j.Due)));
        }
    }
}
