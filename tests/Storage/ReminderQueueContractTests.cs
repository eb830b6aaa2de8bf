using System.Collections.Concurrent;
using BranchBot.Adapters.Memory;
using BranchBot.Adapters.Redis;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IReminderQueue"/> must do; run on memory, one Redis and the cluster.</summary>
public abstract class ReminderQueueContractTests
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    protected abstract IReminderQueue Queue { get; }

    /// <summary>Lets a lease of <paramref name="lease"/> run out (the store's own clock: Redis TIME, or the memory store's).</summary>
    protected abstract Task PassLeaseAsync(TimeSpan lease);

    /// <summary>The shortest lease the adapter can let run out in a test.</summary>
    protected virtual TimeSpan ShortLease => TimeSpan.FromSeconds(1);

    protected static ReminderJob Job(string meetingId, string memberId, DateTimeOffset due, long version = 1, ReminderKind kind = ReminderKind.Reminder) =>
        new(kind switch
        {
            ReminderKind.Reminder => $"r:{meetingId}:{memberId}:60",
            ReminderKind.Changed => $"chg:{meetingId}:{version}:{memberId}",
            ReminderKind.Cancelled => $"cxl:{meetingId}:{memberId}",
            ReminderKind.MakeUp => $"mku:{meetingId}:{memberId}",
            _ => $"cmp:{meetingId}:{memberId}",
        }, kind, meetingId, memberId, due, version);

    [Fact]
    public async Task WithdrawMember_RemovesTheMembersQueuedAndClaimedJobs_AndNoOneElses()
    {
        await Queue.ScheduleAsync(
        [
            Job("mw1", "leaver", Now.AddMinutes(-1)), Job("mw2", "leaver", Now.AddDays(2)), Job("mw2", "leaver", Now.AddDays(3), kind: ReminderKind.MakeUp),
            Job("mw1", "stayer", Now.AddMinutes(-1)), Job("mw2", "stayer", Now.AddDays(2)),
        ], default);
        var claimed = await Queue.ClaimDueAsync(Now, 1, Lease, default);

        Assert.Equal(3, await Queue.WithdrawMemberAsync("leaver", default));
        Assert.Equal(0, await Queue.WithdrawMemberAsync("leaver", default));

        Assert.Equal(["stayer"], (await Queue.ListAsync("mw1", default)).Select(j => j.MemberId));
        Assert.Equal(["stayer"], (await Queue.ListAsync("mw2", default)).Select(j => j.MemberId));
        var later = await Queue.ClaimDueAsync(Now.AddDays(10), 10, Lease, default);
        Assert.Single(claimed);
        Assert.Equal(claimed[0].MemberId == "stayer" ? 1 : 2, later.Count);
        Assert.All(later, j => Assert.Equal("stayer", j.MemberId));
    }

    [Fact]
    public async Task Claim_DueJobs_LeasesThemOnce_AndLeavesLaterOnes()
    {
        var due = Enumerable.Range(0, 40).Select(i => Job("mq1", "m" + i, Now.AddMinutes(-1))).ToList();
        var later = Job("mq1", "later", Now.AddHours(1));
        await Queue.ScheduleAsync([.. due, later], default);

        var claimed = await Queue.ClaimDueAsync(Now, 100, Lease, default);

        Assert.Equal(due.Select(j => j.Id).Order(), claimed.Select(j => j.Id).Order());
        Assert.Empty(await Queue.ClaimDueAsync(Now, 100, Lease, default));
        Assert.Equal(41, (await Queue.ListAsync("mq1", default)).Count);
    }

    [Fact]
    public async Task Stats_CountWaitingJobsAndTheEarliestDue_NotTheLeasedOnes()
    {
        Assert.Equal(new QueueStats(0, null), await Queue.GetStatsAsync(default));
        var jobs = Enumerable.Range(0, 30).Select(i => Job("mstat", "m" + i, Now.AddMinutes(i - 5))).ToList();
        await Queue.ScheduleAsync(jobs, default);

        Assert.Equal(new QueueStats(30, Now.AddMinutes(-5)), await Queue.GetStatsAsync(default));

        var claimed = await Queue.ClaimDueAsync(Now, 3, TimeSpan.FromMinutes(5), default);
        Assert.Equal(3, claimed.Count);
        var left = jobs.Where(j => claimed.All(c => c.Id != j.Id)).Min(j => j.Due);
        Assert.Equal(new QueueStats(27, left), await Queue.GetStatsAsync(default));
    }

    [Fact]
    public async Task Claim_NeverMoreThanMax_AndEveryJobInTurn()
    {
        var jobs = Enumerable.Range(0, 100).Select(i => Job("mq2", "m" + i, Now.AddMinutes(-i))).ToList();
        await Queue.ScheduleAsync(jobs, default);

        var seen = new List<string>();
        foreach (var max in new[] { 1, 7, 30, 100 })
        {
            var batch = await Queue.ClaimDueAsync(Now, max, Lease, default);
            Assert.True(batch.Count <= max);
            Assert.True(batch.Count == max || seen.Count + batch.Count == 100, $"claim of {max} returned {batch.Count} with jobs left");
            seen.AddRange(batch.Select(j => j.Id));
        }

        Assert.Equal(jobs.Select(j => j.Id).Order(), seen.Order());
    }

    [Fact]
    public async Task Schedule_SameIdAgain_ReplacesTheJob()
    {
        var job = Job("mq3", "m1", Now.AddMinutes(-1));
        await Queue.ScheduleAsync([job], default);
        await Queue.ScheduleAsync([job with { Due = Now.AddHours(2), MeetingVersion = 2 }], default);

        var listed = Assert.Single(await Queue.ListAsync("mq3", default));
        Assert.Equal((Now.AddHours(2), 2L), (listed.Due, listed.MeetingVersion));
        Assert.Empty(await Queue.ClaimDueAsync(Now, 10, Lease, default));
        Assert.Single(await Queue.ClaimDueAsync(Now.AddHours(2), 10, Lease, default));
    }

    [Fact]
    public async Task Cancel_OneKind_RemovesOnlyThose_AndAllKindsRemovesTheRest()
    {
        var reminders = Enumerable.Range(0, 20).Select(i => Job("mq4", "m" + i, Now.AddMinutes(-1))).ToList();
        var changed = Enumerable.Range(0, 20).Select(i => Job("mq4", "m" + i, Now.AddMinutes(-1), 2, ReminderKind.Changed)).ToList();
        var other = Job("mq4other", "m1", Now.AddMinutes(-1));
        await Queue.ScheduleAsync([.. reminders, .. changed, other], default);

        await Queue.CancelAsync("mq4", ReminderKind.Reminder, default);
        Assert.Equal(changed.Select(j => j.Id).Order(), (await Queue.ListAsync("mq4", default)).Select(j => j.Id).Order());

        await Queue.CancelAsync("mq4", null, default);
        Assert.Empty(await Queue.ListAsync("mq4", default));
        Assert.Equal([other.Id], (await Queue.ClaimDueAsync(Now, 100, Lease, default)).Select(j => j.Id));
    }

    [Fact]
    public async Task Claim_AfterTheLeaseRunsOut_ReturnsTheJobAgain_UntilCompleted()
    {
        var job = Job("mq5", "m1", Now.AddMinutes(-1));
        await Queue.ScheduleAsync([job], default);
        Assert.Single(await Queue.ClaimDueAsync(Now, 10, ShortLease, default));
        Assert.Empty(await Queue.ClaimDueAsync(Now, 10, ShortLease, default));

        await PassLeaseAsync(ShortLease);
        var again = Assert.Single(await Queue.ClaimDueAsync(Now, 10, Lease, default));
        await Queue.CompleteAsync(again, default);

        await PassLeaseAsync(ShortLease);
        Assert.Empty(await Queue.ClaimDueAsync(Now, 10, Lease, default));
        Assert.Empty(await Queue.ListAsync("mq5", default));
    }

    [Fact]
    public async Task Complete_JobReplannedWhileSending_KeepsTheNewPlan()
    {
        var job = Job("mq6", "m1", Now.AddMinutes(-1));
        await Queue.ScheduleAsync([job], default);
        var claimed = Assert.Single(await Queue.ClaimDueAsync(Now, 10, Lease, default));
        await Queue.ScheduleAsync([job with { MeetingVersion = 2 }], default);

        await Queue.CompleteAsync(claimed, default);

        Assert.Equal(2, Assert.Single(await Queue.ListAsync("mq6", default)).MeetingVersion);
        Assert.Single(await Queue.ClaimDueAsync(Now, 10, Lease, default));
    }

    [Fact]
    public async Task RetryLater_PutsTheClaimedJobBackForItsNewTime()
    {
        await Queue.ScheduleAsync([Job("mq7", "m1", Now.AddMinutes(-1))], default);
        var claimed = Assert.Single(await Queue.ClaimDueAsync(Now, 10, Lease, default));

        await Queue.RetryLaterAsync(claimed with { Attempt = 1 }, Now.AddMinutes(5), default);

        Assert.Empty(await Queue.ClaimDueAsync(Now, 10, Lease, default));
        var retried = Assert.Single(await Queue.ClaimDueAsync(Now.AddMinutes(5), 10, Lease, default));
        Assert.Equal(1, retried.Attempt);
    }

    [Fact]
    public async Task ThreeConcurrentClaimers_ClaimEveryJobExactlyOnce()
    {
        var jobs = Enumerable.Range(0, 600).Select(i => Job("mq8b" + (i % 12), "m" + i, Now.AddMinutes(-1))).ToList();
        await Queue.ScheduleAsync(jobs, default);

        var claimed = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            IReadOnlyList<ReminderJob> batch;
            while ((batch = await Queue.ClaimDueAsync(Now, 50, Lease, default)).Count > 0)
            {
                foreach (var job in batch)
                {
                    claimed.Add(job.Id);
                    await Queue.CompleteAsync(job, default);
                }
            }
        })));

        Assert.Equal(jobs.Select(j => j.Id).Order(), claimed.Order());
    }

    [Fact]
    public async Task DeliveryGuard_SendsOnce_AndAgainOnlyAfterARelease()
    {
        var outcome = new DeliveryOutcome("r:mq9:m1:60", ReminderKind.Reminder, "mq9", "m1", DeliveryChannel.Template, DeliveryStatus.Sent, "ok", Now);
        var keep = TimeSpan.FromDays(1);
        Assert.Equal(DeliveryStart.New, await Queue.BeginDeliveryAsync("mq9:tpl", keep, default));
        Assert.Equal(DeliveryStart.InFlight, await Queue.BeginDeliveryAsync("mq9:tpl", keep, default));

        await Queue.ReleaseDeliveryAsync("mq9:tpl", default);
        Assert.Equal(DeliveryStart.New, await Queue.BeginDeliveryAsync("mq9:tpl", keep, default));
        await Queue.FinishDeliveryAsync("mq9:tpl", outcome, keep, default);
        Assert.Equal(DeliveryStart.Done, await Queue.BeginDeliveryAsync("mq9:tpl", keep, default));

        Assert.Equal(DeliveryStart.New, await Queue.BeginDeliveryAsync("mq9:sms", keep, default));
        await Queue.FinishDeliveryAsync("mq9:sms", outcome with { Status = DeliveryStatus.Failed }, keep, default);
        Assert.Equal(DeliveryStart.FailedBefore, await Queue.BeginDeliveryAsync("mq9:sms", keep, default));
        Assert.Equal(2, (await Queue.ListOutcomesAsync("mq9", default)).Count);
    }

    [Fact]
    public async Task DeliveryGuard_ConcurrentBegins_OnlyOneSends()
    {
        var starts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Queue.BeginDeliveryAsync("mq10:tpl", TimeSpan.FromDays(1), default))));

        Assert.Single(starts, s => s == DeliveryStart.New);
        Assert.All(starts.Where(s => s != DeliveryStart.New), s => Assert.Equal(DeliveryStart.InFlight, s));
    }

    [Fact]
    public async Task DeliveryGuard_ReleaseOfAnUnknownKey_LeavesItNew()
    {
        await Queue.ReleaseDeliveryAsync("mq11:never", default);

        Assert.Equal(DeliveryStart.New, await Queue.BeginDeliveryAsync("mq11:never", TimeSpan.FromDays(1), default));
        Assert.Equal(DeliveryStart.InFlight, await Queue.BeginDeliveryAsync("mq11:never", TimeSpan.FromDays(1), default));
    }

    [Fact]
    public async Task DeliveryGuard_AfterItsKeep_IsForgotten_InFlightOrDone()
    {
        var outcome = new DeliveryOutcome("r:mq12:m1:60", ReminderKind.Reminder, "mq12", "m1", DeliveryChannel.Template, DeliveryStatus.Sent, "ok", Now);
        Assert.Equal(DeliveryStart.New, await Queue.BeginDeliveryAsync("mq12:crashed", ShortLease, default));
        Assert.Equal(DeliveryStart.New, await Queue.BeginDeliveryAsync("mq12:sent", TimeSpan.FromDays(1), default));
        await Queue.FinishDeliveryAsync("mq12:sent", outcome, ShortLease, default);
        Assert.Equal(DeliveryStart.New, await Queue.BeginDeliveryAsync("mq12:kept", TimeSpan.FromDays(1), default));
        await Queue.FinishDeliveryAsync("mq12:kept", outcome, TimeSpan.FromDays(1), default);

        await PassLeaseAsync(ShortLease);

        Assert.Equal(DeliveryStart.New, await Queue.BeginDeliveryAsync("mq12:crashed", TimeSpan.FromDays(1), default));
        Assert.Equal(DeliveryStart.New, await Queue.BeginDeliveryAsync("mq12:sent", TimeSpan.FromDays(1), default));
        Assert.Equal(DeliveryStart.Done, await Queue.BeginDeliveryAsync("mq12:kept", TimeSpan.FromDays(1), default));
    }

    [Fact]
    public async Task Outcomes_FinishedAndRecorded_AreListedPerMeetingInTheOrderTheyCame()
    {
        var sent = new DeliveryOutcome("r:mq13:m1:60", ReminderKind.Reminder, "mq13", "m1", DeliveryChannel.Template, DeliveryStatus.Sent, "ok", Now);
        var skipped = new DeliveryOutcome("r:mq13:m2:60", ReminderKind.Reminder, "mq13", "m2", null, DeliveryStatus.Skipped, "请假", Now.AddSeconds(1));
        var failed = sent with { MemberId = "m3", JobId = "r:mq13:m3:60", Channel = DeliveryChannel.Sms, Status = DeliveryStatus.Failed, Detail = "40003", At = Now.AddSeconds(2) };
        var elsewhere = sent with { MeetingId = "mq13other" };

        await Queue.FinishDeliveryAsync("mq13:m1", sent, TimeSpan.FromDays(1), default);
        await Queue.RecordAsync(skipped, default);
        await Queue.FinishDeliveryAsync("mq13:m3", failed, TimeSpan.FromDays(1), default);
        await Queue.RecordAsync(elsewhere, default);

        Assert.Equal([sent, skipped, failed], await Queue.ListOutcomesAsync("mq13", default));
        Assert.Equal([elsewhere], await Queue.ListOutcomesAsync("mq13other", default));
        Assert.Empty(await Queue.ListOutcomesAsync("nope", default));
    }

    [Fact]
    public async Task Cancel_AClaimedJob_DoesNotComeBackWhenItsLeaseRunsOut_AndCompletingItIsHarmless()
    {
        var job = Job("mq14", "m1", Now.AddMinutes(-1));
        await Queue.ScheduleAsync([job], default);
        var claimed = Assert.Single(await Queue.ClaimDueAsync(Now, 10, ShortLease, default));

        await Queue.CancelAsync("mq14", null, default);
        await PassLeaseAsync(ShortLease);

        Assert.Empty(await Queue.ClaimDueAsync(Now, 10, Lease, default));
        await Queue.CompleteAsync(claimed, default);
        Assert.Empty(await Queue.ListAsync("mq14", default));
        Assert.Equal(new QueueStats(0, null), await Queue.GetStatsAsync(default));
    }

    [Fact]
    public async Task Claim_ReturnsTheEarliestDueFirst_AndListShowsAMeetingsJobsInDueOrder()
    {
        var jobs = Enumerable.Range(0, 12).Select(i => Job("mq15", "m" + i, Now.AddMinutes(-i))).ToList();
        await Queue.ScheduleAsync(jobs, default);

        var claimed = await Queue.ClaimDueAsync(Now, 12, Lease, default);

        Assert.Equal(jobs.OrderBy(j => j.Due).Select(j => j.Id), claimed.Select(j => j.Id));
        Assert.Equal(jobs.OrderBy(j => j.Due), await Queue.ListAsync("mq15", default));
    }
}

public sealed class MemoryReminderQueueContractTests : ReminderQueueContractTests
{
    private readonly ManualClock _clock = new(Now);
    private readonly MemoryStore _store;

    public MemoryReminderQueueContractTests() => _store = TestStores.Memory(_clock);

    protected override IReminderQueue Queue => _store;

    protected override Task PassLeaseAsync(TimeSpan lease)
    {
        _clock.Advance(lease + TimeSpan.FromMilliseconds(1));
        return Task.CompletedTask;
    }
}

public sealed class RedisReminderQueueContractTests : ReminderQueueContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IReminderQueue Queue => _redis.Store;

    protected override Task PassLeaseAsync(TimeSpan lease) => Task.Delay(lease + TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task Upgrade_JobsQueuedBeforeBuckets_AreStillClaimed()
    {
        // What a version before buckets left: one hash tag {rq}, the layout of one bucket.
        var db = await _redis.Connection.DatabaseAsync(default);
        var job = Job("mqold", "m1", Now.AddMinutes(-1));
        await db.HashSetAsync(_redis.Prefix + "{rq}:jobs", job.Id, System.Text.Json.JsonSerializer.Serialize(job));
        await db.SortedSetAddAsync(_redis.Prefix + "{rq}:due", job.Id, job.Due.ToUnixTimeMilliseconds());
        await db.SetAddAsync(_redis.Prefix + "{rq}:m:mqold", job.Id);

        Assert.Single(await _redis.Store.ListAsync("mqold", default));
        var claimed = Assert.Single(await _redis.Store.ClaimDueAsync(Now, 10, TimeSpan.FromMinutes(1), default));
        await _redis.Store.CompleteAsync(claimed, default);

        _redis.Store.ForgetLayouts();
        Assert.Equal([16], (await _redis.Store.LayoutsAsync(default)).Select(l => l.Buckets));
    }

    [Fact]
    public async Task Upgrade_GuardsWrittenBeforeBuckets_AreHonoured()
    {
        // A job the old version had claimed (leased) when it stopped, and its guards under the old names.
        var db = await _redis.Connection.DatabaseAsync(default);
        var job = Job("mqoldguard", "m1", Now.AddMinutes(-1));
        await db.HashSetAsync(_redis.Prefix + "{rq}:jobs", job.Id, System.Text.Json.JsonSerializer.Serialize(job));
        await db.SortedSetAddAsync(_redis.Prefix + "{rq}:proc", job.Id, 0);
        await db.StringSetAsync(_redis.Prefix + "{rq}:d:g-sent", "sent");
        await db.StringSetAsync(_redis.Prefix + "{rq}:d:g-sending", "sending");
        await db.StringSetAsync(_redis.Prefix + "{rq}:d:g-failed", "failed");
        using var upgraded = new RedisTestStore(prefix: _redis.Prefix);
        var keep = TimeSpan.FromDays(1);

        Assert.Equal(DeliveryStart.Done, await upgraded.Store.BeginDeliveryAsync("g-sent", keep, default));
        Assert.Equal(DeliveryStart.Done, await upgraded.Store.BeginDeliveryAsync("g-sent", keep, default));
        Assert.Equal(DeliveryStart.InFlight, await upgraded.Store.BeginDeliveryAsync("g-sending", keep, default));
        Assert.Equal(DeliveryStart.FailedBefore, await upgraded.Store.BeginDeliveryAsync("g-failed", keep, default));
        Assert.Equal(DeliveryStart.New, await upgraded.Store.BeginDeliveryAsync("g-new", keep, default));

        // Its lease runs out, it is claimed from the old layout and completed there.
        var claimed = Assert.Single(await upgraded.Store.ClaimDueAsync(Now, 10, TimeSpan.FromMinutes(1), default));
        await upgraded.Store.CompleteAsync(claimed, default);
        upgraded.Store.ForgetLayouts();
        Assert.Equal([16], (await upgraded.Store.LayoutsAsync(default)).Select(l => l.Buckets));
    }

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterReminderQueueContractTests : ReminderQueueContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IReminderQueue Queue => _redis.Store;

    protected override Task PassLeaseAsync(TimeSpan lease) => Task.Delay(lease + TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task Jobs_SpreadOverEveryMaster_AndThreeInstancesClaimEachOnce()
    {
        var jobs = Enumerable.Range(0, 3000).Select(i => Job("mqc" + (i % 30), "m" + i, Now.AddMinutes(-1))).ToList();
        await _redis.Store.ScheduleAsync(jobs, default);

        // Which masters hold queued jobs: each bucket's due set, located by its key.
        var db = await _redis.Connection.DatabaseAsync(default);
        var perMaster = new Dictionary<string, long>();
        foreach (var tag in QueueLayout.Of(16).Tags)
        {
            var key = (RedisKey)(_redis.Prefix + "{" + tag + "}:due");
            var endpoint = (await db.IdentifyEndpointAsync(key))!.ToString()!;
            perMaster[endpoint] = perMaster.GetValueOrDefault(endpoint) + await db.SortedSetLengthAsync(key);
        }

        Assert.Equal(3, perMaster.Count);
        Assert.All(perMaster.Values, count => Assert.InRange(count, 600, 1400));

        using var second = new RedisTestStore(RedisCluster.Shared.Configuration, prefix: _redis.Prefix);
        using var third = new RedisTestStore(RedisCluster.Shared.Configuration, prefix: _redis.Prefix);
        var claimed = new ConcurrentBag<string>();
        await Task.WhenAll(new[] { _redis.Store, second.Store, third.Store }.Select(store => Task.Run(async () =>
        {
            IReadOnlyList<ReminderJob> batch;
            while ((batch = await store.ClaimDueAsync(Now, 200, TimeSpan.FromMinutes(1), default)).Count > 0)
            {
                foreach (var job in batch)
                {
                    claimed.Add(job.Id);
                }

                await Task.WhenAll(batch.Select(job => store.CompleteAsync(job, default)));
            }
        })));

        Assert.Equal(jobs.Select(j => j.Id).Order(), claimed.Order());
        Assert.Empty(await _redis.Store.ListAsync("mqc0", default));
    }

    [Fact]
    public async Task BucketCountChanged_OldJobsAreReplacedCancelledAndClaimedOnce_ThenTheOldLayoutRetires()
    {
        var jobs = Enumerable.Range(0, 400).Select(i => Job("mqr" + (i % 4), "m" + i, Now.AddMinutes(-1))).ToList();
        await _redis.Store.ScheduleAsync(jobs, default);

        // A second instance configured with another count, on the same data.
        using var resized = new RedisTestStore(RedisCluster.Shared.Configuration, queueBuckets: 5, prefix: _redis.Prefix);
        var store = resized.Store;
        Assert.Equal([5, 16], (await store.LayoutsAsync(default)).Select(l => l.Buckets));
        Assert.Equal(100, (await store.ListAsync("mqr0", default)).Count);

        // Replanned under the new count: still one job each, at the new time.
        var replanned = jobs.Where(j => j.MeetingId == "mqr1").Select(j => j with { Due = Now.AddHours(1), MeetingVersion = 2 }).ToList();
        await store.ScheduleAsync(replanned, default);
        var listed = await store.ListAsync("mqr1", default);
        Assert.Equal(100, listed.Count);
        Assert.All(listed, j => Assert.Equal(2, j.MeetingVersion));
        _redis.Store.ForgetLayouts(); // the first instance re-reads the counts in use within seconds; here at once
        Assert.Equal(100, (await _redis.Store.ListAsync("mqr1", default)).Count);

        await store.CancelAsync("mqr2", null, default);
        Assert.Empty(await _redis.Store.ListAsync("mqr2", default));

        var claimed = new ConcurrentBag<string>();
        await Task.WhenAll(new[] { _redis.Store, store }.Select(s => Task.Run(async () =>
        {
            IReadOnlyList<ReminderJob> batch;
            while ((batch = await s.ClaimDueAsync(Now.AddHours(1), 60, TimeSpan.FromMinutes(1), default)).Count > 0)
            {
                foreach (var job in batch)
                {
                    claimed.Add(job.Id);
                    await s.CompleteAsync(job, default);
                }
            }
        })));

        var expected = jobs.Where(j => j.MeetingId != "mqr2").Select(j => j.Id).Order();
        Assert.Equal(expected, claimed.Order());

        store.ForgetLayouts();
        Assert.Equal([5], (await store.LayoutsAsync(default)).Select(l => l.Buckets));
    }

    public void Dispose() => _redis.Dispose();
}
