using System.Text.Json;
using BranchBot.Core.Reminders;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// The reminder due-queue. All queue keys share the hash tag <c>{rq}</c>, so the claim is one script: it first returns
/// expired leases to the queue, then leases due jobs. Lease expiry uses Redis's clock (TIME), so instances with skewed
/// clocks never steal each other's claims; due times are compared with the caller's clock, which plans them.
/// </summary>
public sealed partial class RedisStore : IReminderQueue
{
    // KEYS: due, leased, jobs. ARGV: now ms (caller), max, lease ms. Returns job JSON values.
    private static readonly RedisScript ClaimDue = new("""
        local t = redis.call('TIME')
        local clock = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', clock, 'LIMIT', 0, tonumber(ARGV[2]))
        for _, id in ipairs(expired) do
          redis.call('ZREM', KEYS[2], id)
          redis.call('ZADD', KEYS[1], 0, id)
        end
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local out = {}
        for _, id in ipairs(ids) do
          redis.call('ZREM', KEYS[1], id)
          local job = redis.call('HGET', KEYS[3], id)
          if job then
            redis.call('ZADD', KEYS[2], clock + tonumber(ARGV[3]), id)
            table.insert(out, job)
          end
        end
        return out
        """);

    // KEYS: jobs, leased, meeting set. ARGV: id, version, due (as serialised). Leaves a job re-planned meanwhile alone.
    private static readonly RedisScript CompleteJob = new("""
        redis.call('ZREM', KEYS[2], ARGV[1])
        local stored = redis.call('HGET', KEYS[1], ARGV[1])
        if stored then
          local job = cjson.decode(stored)
          if tostring(job['MeetingVersion']) == ARGV[2] and job['Due'] == ARGV[3] then
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[3], ARGV[1])
          end
        end
        return 0
        """);

    // KEYS: delivery. ARGV: keep ms. Returns 'new' (now marked sending) or the state found.
    private static readonly RedisScript BeginDelivery = new("""
        local state = redis.call('GET', KEYS[1])
        if not state or state == 'retry' then
          redis.call('SET', KEYS[1], 'sending', 'PX', ARGV[1])
          return 'new'
        end
        return state
        """);

    public async Task ScheduleAsync(IReadOnlyList<ReminderJob> jobs, CancellationToken cancellationToken)
    {
        foreach (var chunk in jobs.Chunk(1000))
        {
            var db = await connection.DatabaseAsync(cancellationToken);
            var transaction = db.CreateTransaction();
            _ = transaction.HashSetAsync(Keys.QueueJobs, chunk.Select(j => new HashEntry(j.Id, JsonSerializer.Serialize(j))).ToArray());
            _ = transaction.SortedSetAddAsync(Keys.QueueDue, chunk.Select(j => new SortedSetEntry(j.Id, j.Due.ToUnixTimeMilliseconds())).ToArray());
            _ = transaction.SortedSetRemoveAsync(Keys.QueueLeased, chunk.Select(j => (RedisValue)j.Id).ToArray());
            foreach (var byMeeting in chunk.GroupBy(j => j.MeetingId))
            {
                _ = transaction.SetAddAsync(Keys.QueueOfMeeting(byMeeting.Key), byMeeting.Select(j => (RedisValue)j.Id).ToArray());
            }

            if (!await connection.CommitAsync(transaction, cancellationToken))
            {
                throw new InvalidOperationException("reminder schedule transaction was not applied");
            }
        }
    }

    public async Task CancelAsync(string meetingId, ReminderKind? kind, CancellationToken cancellationToken)
    {
        var ids = (await connection.RunAsync(db => db.SetMembersAsync(Keys.QueueOfMeeting(meetingId)), cancellationToken))
            .Select(v => (string)v!)
            .Where(id => kind is null || KindOf(id) == kind)
            .Select(id => (RedisValue)id)
            .ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        var db = await connection.DatabaseAsync(cancellationToken);
        var transaction = db.CreateTransaction();
        _ = transaction.HashDeleteAsync(Keys.QueueJobs, ids);
        _ = transaction.SortedSetRemoveAsync(Keys.QueueDue, ids);
        _ = transaction.SortedSetRemoveAsync(Keys.QueueLeased, ids);
        _ = transaction.SetRemoveAsync(Keys.QueueOfMeeting(meetingId), ids);
        await connection.CommitAsync(transaction, cancellationToken);
    }

    public async Task<IReadOnlyList<ReminderJob>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await connection.RunAsync(
            db => ClaimDue.EvaluateAsync(db, [Keys.QueueDue, Keys.QueueLeased, Keys.QueueJobs], [now.ToUnixTimeMilliseconds(), max, Ms(lease)]), cancellationToken))!;
        return result.Select(r => JsonSerializer.Deserialize<ReminderJob>((string)r!)!).ToList();
    }

    public async Task CompleteAsync(ReminderJob job, CancellationToken cancellationToken)
    {
        var due = JsonSerializer.SerializeToElement(job).GetProperty(nameof(ReminderJob.Due)).GetString();
        await connection.RunAsync(db => CompleteJob.EvaluateAsync(db, [Keys.QueueJobs, Keys.QueueLeased, Keys.QueueOfMeeting(job.MeetingId)],
            [job.Id, job.MeetingVersion, due]), cancellationToken);
    }

    public async Task RetryLaterAsync(ReminderJob job, DateTimeOffset due, CancellationToken cancellationToken) =>
        await ScheduleAsync([job with { Due = due }], cancellationToken);

    public async Task<IReadOnlyList<ReminderJob>> ListAsync(string meetingId, CancellationToken cancellationToken)
    {
        var ids = await connection.RunAsync(db => db.SetMembersAsync(Keys.QueueOfMeeting(meetingId)), cancellationToken);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await connection.RunAsync(db => db.HashGetAsync(Keys.QueueJobs, ids), cancellationToken);
        return values.Where(v => !v.IsNull).Select(v => JsonSerializer.Deserialize<ReminderJob>((string)v!)!).OrderBy(j => j.Due).ToList();
    }

    public async Task<DeliveryStart> BeginDeliveryAsync(string deliveryKey, TimeSpan keep, CancellationToken cancellationToken)
    {
        var state = (string?)await connection.RunAsync(db => BeginDelivery.EvaluateAsync(db, [Keys.Delivery(deliveryKey)], [Ms(keep)]), cancellationToken);
        return state switch
        {
            "new" => DeliveryStart.New,
            "sent" => DeliveryStart.Done,
            "failed" => DeliveryStart.FailedBefore,
            _ => DeliveryStart.InFlight,
        };
    }

    public async Task ReleaseDeliveryAsync(string deliveryKey, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => db.StringSetAsync(Keys.Delivery(deliveryKey), "retry", TimeSpan.FromDays(1)), cancellationToken);

    public async Task FinishDeliveryAsync(string deliveryKey, DeliveryOutcome outcome, TimeSpan keep, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => Task.WhenAll(
            db.StringSetAsync(Keys.Delivery(deliveryKey), outcome.Status == DeliveryStatus.Sent ? "sent" : "failed", keep),
            db.ListRightPushAsync(Keys.Outcomes(outcome.MeetingId), JsonSerializer.Serialize(outcome))), cancellationToken);

    public async Task RecordAsync(DeliveryOutcome outcome, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => db.ListRightPushAsync(Keys.Outcomes(outcome.MeetingId), JsonSerializer.Serialize(outcome)), cancellationToken);

    public async Task<IReadOnlyList<DeliveryOutcome>> ListOutcomesAsync(string meetingId, CancellationToken cancellationToken)
    {
        var values = await connection.RunAsync(db => db.ListRangeAsync(Keys.Outcomes(meetingId)), cancellationToken);
        return values.Select(v => JsonSerializer.Deserialize<DeliveryOutcome>((string)v!)!).ToList();
    }

    private static ReminderKind? KindOf(string jobId) => jobId.Split(':')[0] switch
    {
        "r" => ReminderKind.Reminder,
        "chg" => ReminderKind.Changed,
        "cxl" => ReminderKind.Cancelled,
        "mku" => ReminderKind.MakeUp,
        "cmp" => ReminderKind.Compliance,
        _ => null,
    };
}
