using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BranchBot.Core.Reminders;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// The reminder due-queue, spread over <see cref="RedisOptions.QueueBuckets"/> buckets (<see cref="QueueLayout"/>) so it
/// is not one slot on one shard. A bucket's keys (due, leased, jobs, per-meeting index) share its hash tag, so each
/// claim is one script per bucket: it first returns expired leases to the queue, then leases due jobs. Lease expiry uses
/// Redis's clock (TIME), so instances with skewed clocks never steal each other's claims; due times are compared with
/// the caller's clock, which plans them. The bucket counts in use are kept in a set: after a change of count, jobs in
/// the old layout are still claimed, replaced, cancelled and completed there until it is empty, then it is retired.
/// </summary>
public sealed partial class RedisStore : IReminderQueue
{
    private static readonly TimeSpan LayoutRefresh = TimeSpan.FromSeconds(5);
    private readonly QueueLayout _layout = QueueLayout.Of(redisOptions?.Value.QueueBuckets ?? new RedisOptions().QueueBuckets);
    private volatile LayoutSnapshot? _layouts;
    private int _claimRotation = Random.Shared.Next();

    // KEYS: jobs, due, leased, meeting set. ARGV: id prefix of the kind ('' for every kind). This bucket's part of a cancel.
    // Twin: MemoryStore.Reminders.cs CancelAsync; held together by ReminderQueueContractTests.Cancel_*.
    private static readonly RedisScript CancelJobs = new("""
        local n = 0
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[4])) do
          if ARGV[1] == '' or string.sub(id, 1, #ARGV[1]) == ARGV[1] then
            redis.call('HDEL', KEYS[1], id)
            redis.call('ZREM', KEYS[2], id)
            redis.call('ZREM', KEYS[3], id)
            redis.call('SREM', KEYS[4], id)
            n = n + 1
          end
        end
        return n
        """);

    // KEYS: jobs, due, leased. ARGV: member id. This bucket's part of withdrawing a member's jobs; returns the
    // withdrawn jobs' ids and meetings (id, meeting, id, meeting…) so the per-meeting sets can drop them.
    // Twin: MemoryStore.Reminders.cs WithdrawMemberAsync; held together by ReminderQueueContractTests.WithdrawMember_*.
    private static readonly RedisScript WithdrawJobs = new("""
        local out = {}
        local all = redis.call('HGETALL', KEYS[1])
        for i = 1, #all, 2 do
          local job = cjson.decode(all[i + 1])
          if job['MemberId'] == ARGV[1] then
            redis.call('HDEL', KEYS[1], all[i])
            redis.call('ZREM', KEYS[2], all[i])
            redis.call('ZREM', KEYS[3], all[i])
            table.insert(out, all[i])
            table.insert(out, job['MeetingId'])
          end
        end
        return out
        """);

    // KEYS: jobs, meeting set. Returns the JSON of this bucket's jobs of the meeting.
    // Twin: MemoryStore.Reminders.cs ListAsync; held together by ReminderQueueContractTests (Schedule_SameIdAgain_ReplacesTheJob, Claim_ReturnsTheEarliestDueFirst_AndListShowsAMeetingsJobsInDueOrder).
    private static readonly RedisScript ListJobs = new("""
        local out = {}
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
          local job = redis.call('HGET', KEYS[1], id)
          if job then table.insert(out, job) end
        end
        return out
        """);

    // KEYS: layouts. ARGV: this instance's bucket count. Registers it and returns every count in use; a new set also
    // gets the single-bucket layout, where a version from before buckets left its jobs.
    // No C# twin: bucket layouts exist only in Redis; tested by RedisReminderQueueContractTests.Upgrade_* and ClusterReminderQueueContractTests.BucketCountChanged_*.
    private static readonly RedisScript RegisterLayout = new("""
        if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SADD', KEYS[1], '1') end
        redis.call('SADD', KEYS[1], ARGV[1])
        return redis.call('SMEMBERS', KEYS[1])
        """);
    // KEYS: due, leased, jobs. ARGV: now ms (caller), max, lease ms. Returns job JSON values.
    // Twin: MemoryStore.Reminders.cs ClaimDueAsync (leases by the store's clock); held together by ReminderQueueContractTests.Claim_* and ThreeConcurrentClaimers_*.
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
    // Twin: MemoryStore.Reminders.cs CompleteAsync; held together by ReminderQueueContractTests.Complete_JobReplannedWhileSending_KeepsTheNewPlan.
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
    // Twin: MemoryStore.Reminders.cs BeginDeliveryAsync; held together by ReminderQueueContractTests.DeliveryGuard_*.
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
        if (jobs.Count == 0)
        {
            return;
        }

        var layouts = await LayoutsAsync(cancellationToken);
        var db = await connection.DatabaseAsync(cancellationToken);
        foreach (var chunk in jobs.Chunk(1000))
        {
            // One transaction per bucket, all sent at once (one round trip per master).
            var writes = new List<Task<bool>>();
            foreach (var bucket in chunk.GroupBy(j => _layout.TagOf(j.Id)))
            {
                var tag = bucket.Key;
                var transaction = db.CreateTransaction();
                _ = transaction.HashSetAsync(Keys.QueueJobs(tag), bucket.Select(j => new HashEntry(j.Id, JsonSerializer.Serialize(j))).ToArray());
                _ = transaction.SortedSetAddAsync(Keys.QueueDue(tag), bucket.Select(j => new SortedSetEntry(j.Id, j.Due.ToUnixTimeMilliseconds())).ToArray());
                _ = transaction.SortedSetRemoveAsync(Keys.QueueLeased(tag), bucket.Select(j => (RedisValue)j.Id).ToArray());
                foreach (var byMeeting in bucket.GroupBy(j => j.MeetingId))
                {
                    _ = transaction.SetAddAsync(Keys.QueueOfMeeting(tag, byMeeting.Key), byMeeting.Select(j => (RedisValue)j.Id).ToArray());
                }

                writes.Add(connection.CommitAsync(transaction, cancellationToken));
            }

            // While another bucket count drains, the same id may still sit there: take it out, so it is queued once.
            foreach (var other in layouts.Where(l => l != _layout))
            {
                foreach (var bucket in chunk.GroupBy(j => other.TagOf(j.Id)))
                {
                    writes.Add(RemoveAsync(db, bucket.Key, bucket.ToList(), cancellationToken));
                }
            }

            if ((await Task.WhenAll(writes)).Any(applied => !applied))
            {
                throw new InvalidOperationException("reminder schedule transaction was not applied");
            }
        }

        // After the jobs are in, so an instance retiring this count as empty meanwhile either sees them or sees it back.
        await connection.DoAsync(d => d.SetAddAsync(Keys.QueueLayouts, _layout.Buckets), cancellationToken);
    }

    public async Task CancelAsync(string meetingId, ReminderKind? kind, CancellationToken cancellationToken)
    {
        var prefix = kind is { } k ? KindCode(k) + ":" : string.Empty;
        var tags = AllTags(await LayoutsAsync(cancellationToken));
        await connection.DoAsync(db => Task.WhenAll(tags.Select(tag => CancelJobs.EvaluateAsync(db,
            [Keys.QueueJobs(tag), Keys.QueueDue(tag), Keys.QueueLeased(tag), Keys.QueueOfMeeting(tag, meetingId)], [prefix]))), cancellationToken);
    }

    public async Task<int> WithdrawMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        var tags = AllTags(await LayoutsAsync(cancellationToken));
        var results = await connection.RunAsync(db => Task.WhenAll(tags.Select(tag =>
            WithdrawJobs.EvaluateAsync(db, [Keys.QueueJobs(tag), Keys.QueueDue(tag), Keys.QueueLeased(tag)], [memberId]))), cancellationToken);
        var withdrawn = tags.Zip(results).SelectMany(p => ((RedisValue[])p.Second!).Chunk(2).Select(pair => (Tag: p.First, Id: pair[0], Meeting: (string)pair[1]!))).ToList();

        // The per-meeting sets only index jobs (a missing job is skipped when read); dropping the ids keeps them tidy.
        await connection.DoAsync(db => Task.WhenAll(withdrawn.Select(w => db.SetRemoveAsync(Keys.QueueOfMeeting(w.Tag, w.Meeting), w.Id))), cancellationToken);
        return withdrawn.Count;
    }

    /// <summary>
    /// Claims fairly across the buckets: the batch is shared out from a starting bucket that rotates, every share sent
    /// at once (one round trip per master), and what a bucket could not fill goes to the buckets that filled theirs.
    /// </summary>
    public async Task<IReadOnlyList<ReminderJob>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var tags = AllTags(await LayoutsAsync(cancellationToken));
        var start = (int)((uint)Interlocked.Increment(ref _claimRotation) % (uint)tags.Count);
        var pending = Enumerable.Range(0, tags.Count).Select(i => tags[(start + i) % tags.Count]).ToList();
        var claimed = new List<ReminderJob>(max);
        while (claimed.Count < max && pending.Count > 0)
        {
            var remaining = max - claimed.Count;
            var asked = pending.Take(remaining).ToList();
            var shares = asked.Select((_, i) => remaining / asked.Count + (i < remaining % asked.Count ? 1 : 0)).ToArray();
            var results = await connection.RunAsync(db => Task.WhenAll(asked.Select((tag, i) => ClaimDue.EvaluateAsync(db,
                [Keys.QueueDue(tag), Keys.QueueLeased(tag), Keys.QueueJobs(tag)], [now.ToUnixTimeMilliseconds(), shares[i], Ms(lease)]))), cancellationToken);
            var full = new List<string>();
            for (var i = 0; i < asked.Count; i++)
            {
                var jobs = (RedisResult[])results[i]!;
                claimed.AddRange(jobs.Select(r => JsonSerializer.Deserialize<ReminderJob>((string)r!)!));
                if (jobs.Length == shares[i])
                {
                    full.Add(asked[i]);
                }
            }

            // Buckets not asked yet come first; a bucket that came back short has nothing more due.
            pending = [.. pending.Skip(asked.Count), .. full];
        }

        return claimed.OrderBy(j => j.Due).ToList();
    }

    public async Task CompleteAsync(ReminderJob job, CancellationToken cancellationToken)
    {
        var due = JsonSerializer.SerializeToElement(job).GetProperty(nameof(ReminderJob.Due)).GetString();
        var layouts = await LayoutsAsync(cancellationToken);
        await connection.DoAsync(db => Task.WhenAll(layouts.Select(l => l.TagOf(job.Id)).Distinct().Select(tag => CompleteJob.EvaluateAsync(db,
            [Keys.QueueJobs(tag), Keys.QueueLeased(tag), Keys.QueueOfMeeting(tag, job.MeetingId)], [job.Id, job.MeetingVersion, due]))), cancellationToken);
    }

    public async Task RetryLaterAsync(ReminderJob job, DateTimeOffset due, CancellationToken cancellationToken) =>
        await ScheduleAsync([job with { Due = due }], cancellationToken);

    public async Task<IReadOnlyList<ReminderJob>> ListAsync(string meetingId, CancellationToken cancellationToken)
    {
        var tags = AllTags(await LayoutsAsync(cancellationToken));
        var results = await connection.RunAsync(db => Task.WhenAll(tags.Select(tag => ListJobs.EvaluateAsync(db,
            [Keys.QueueJobs(tag), Keys.QueueOfMeeting(tag, meetingId)], []))), cancellationToken);
        return results.SelectMany(r => (RedisResult[])r!)
            .Select(r => JsonSerializer.Deserialize<ReminderJob>((string)r!)!)
            .DistinctBy(j => j.Id)
            .OrderBy(j => j.Due)
            .ToList();
    }

    /// <summary>The bucket counts in use, this instance's first (read at most every few seconds; drained ones retired).</summary>
    internal async Task<IReadOnlyList<QueueLayout>> LayoutsAsync(CancellationToken cancellationToken)
    {
        if (_layouts is { } known && Stopwatch.GetElapsedTime(known.ReadAt) < LayoutRefresh)
        {
            return known.Layouts;
        }

        var counts = (RedisResult[])(await connection.RunAsync(db => RegisterLayout.EvaluateAsync(db, [Keys.QueueLayouts], [_layout.Buckets]), cancellationToken))!;
        var layouts = counts.Select(c => int.TryParse((string?)c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Where(n => n is >= 1 and <= 1024 && n != _layout.Buckets)
            .Distinct()
            .Select(QueueLayout.Of)
            .Prepend(_layout)
            .ToList();
        foreach (var old in layouts.Skip(1).ToList())
        {
            if (await QueuedInAsync(old, cancellationToken) > 0)
            {
                continue;
            }

            // Retire, then look again: an instance still on that count that queued meanwhile is seen here, or
            // registers the count again after its write (ScheduleAsync), so no job is left where nobody claims.
            await connection.DoAsync(db => db.SetRemoveAsync(Keys.QueueLayouts, old.Buckets), cancellationToken);
            if (await QueuedInAsync(old, cancellationToken) > 0)
            {
                await connection.DoAsync(db => db.SetAddAsync(Keys.QueueLayouts, old.Buckets), cancellationToken);
                continue;
            }

            layouts.Remove(old);
        }

        _layouts = new LayoutSnapshot(layouts, Stopwatch.GetTimestamp());
        return layouts;
    }

    /// <summary>Reads the bucket counts in use again on the next call (tests; instances re-read every few seconds).</summary>
    internal void ForgetLayouts() => _layouts = null;

    /// <summary>One batch over every bucket of every layout in use: ZCARD and the lowest score of each due set.</summary>
    public async Task<QueueStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var tags = (await LayoutsAsync(cancellationToken)).SelectMany(l => l.Tags).Distinct().ToList();
        var results = await connection.RunAsync(db => Task.WhenAll(tags.Select(async tag =>
        {
            var count = db.SortedSetLengthAsync(Keys.QueueDue(tag));
            var first = db.SortedSetRangeByRankWithScoresAsync(Keys.QueueDue(tag), 0, 0);
            return (Count: await count, First: await first);
        })), cancellationToken);
        var earliest = results.SelectMany(r => r.First).Select(e => (double?)e.Score).Min();
        return new QueueStats(results.Sum(r => r.Count), earliest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null);
    }

    private async Task<long> QueuedInAsync(QueueLayout layout, CancellationToken cancellationToken)
    {
        var counts = await connection.RunAsync(db => Task.WhenAll(layout.Tags.SelectMany(tag => new[]
        {
            db.SortedSetLengthAsync(Keys.QueueDue(tag)),
            db.SortedSetLengthAsync(Keys.QueueLeased(tag)),
        })), cancellationToken);
        return counts.Sum();
    }

    private Task<bool> RemoveAsync(IDatabase db, string tag, IReadOnlyList<ReminderJob> jobs, CancellationToken cancellationToken)
    {
        var ids = jobs.Select(j => (RedisValue)j.Id).ToArray();
        var transaction = db.CreateTransaction();
        _ = transaction.HashDeleteAsync(Keys.QueueJobs(tag), ids);
        _ = transaction.SortedSetRemoveAsync(Keys.QueueDue(tag), ids);
        _ = transaction.SortedSetRemoveAsync(Keys.QueueLeased(tag), ids);
        foreach (var byMeeting in jobs.GroupBy(j => j.MeetingId))
        {
            _ = transaction.SetRemoveAsync(Keys.QueueOfMeeting(tag, byMeeting.Key), byMeeting.Select(j => (RedisValue)j.Id).ToArray());
        }

        return connection.CommitAsync(transaction, cancellationToken);
    }

    private static List<string> AllTags(IReadOnlyList<QueueLayout> layouts) => layouts.SelectMany(l => l.Tags).Distinct(StringComparer.Ordinal).ToList();

    public async Task<DeliveryStart> BeginDeliveryAsync(string deliveryKey, TimeSpan keep, CancellationToken cancellationToken)
    {
        // While jobs of the layout from before buckets remain, one of them may have been mid-send at the upgrade: its
        // guard is under the old name, read alongside (one round trip) and carried over.
        var legacy = (await LayoutsAsync(cancellationToken)).Any(l => l.Buckets == 1);
        var (state, before) = await connection.RunAsync(async db =>
        {
            var begin = BeginDelivery.EvaluateAsync(db, [Keys.Delivery(deliveryKey)], [Ms(keep)]);
            var old = legacy ? db.StringGetAsync(Keys.LegacyDelivery(deliveryKey)) : Task.FromResult(RedisValue.Null);
            return ((string?)await begin, (string?)await old);
        }, cancellationToken);
        if (state == "new" && before is "sending" or "sent" or "failed")
        {
            if (before != "sending")
            {
                await connection.DoAsync(db => db.StringSetAsync(Keys.Delivery(deliveryKey), before, keep), cancellationToken);
            }

            state = before;
        }

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

    /// <summary>The id prefix the planner gives each kind of job.</summary>
    private static string KindCode(ReminderKind kind) => kind switch
    {
        ReminderKind.Reminder => "r",
        ReminderKind.Changed => "chg",
        ReminderKind.Cancelled => "cxl",
        ReminderKind.MakeUp => "mku",
        ReminderKind.LeaveAsked => "lva",
        ReminderKind.LeaveApproved => "lvy",
        ReminderKind.LeaveRefused => "lvn",
        _ => "cmp",
    };

    private sealed record LayoutSnapshot(IReadOnlyList<QueueLayout> Layouts, long ReadAt);
}
