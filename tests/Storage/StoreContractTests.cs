using BranchBot.Adapters.Memory;
using BranchBot.Adapters.Redis;
using BranchBot.Core.Conversations;
using BranchBot.Core.Inbox;
using BranchBot.Core.Storage;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BranchBot.Tests.Storage;

/// <summary>The behaviour every store adapter must have; run once per adapter.</summary>
public abstract class StoreContractTests
{
    protected abstract IConversationStore Conversations { get; }

    protected abstract ISharedState Shared { get; }

    protected abstract BranchBot.Core.Study.IRankingStore Rankings { get; }

    [Fact]
    public async Task Claim_NewPush_IsClaimedWithEmptySession()
    {
        var claim = await Conversations.ClaimAsync("gh|m:1", "oA", default);
        var claimed = Assert.IsType<InboxClaim.Claimed>(claim);
        Assert.Equal(0, claimed.Session.Version);
        Assert.False(claimed.Session.Session.InFlow);
    }

    [Fact]
    public async Task Claim_AfterCommit_ReturnsTheSameReplyBytes()
    {
        await Conversations.ClaimAsync("gh|m:2", "oA", default);
        await Conversations.CommitAsync("gh|m:2", "oA", new SessionUpdate(0, null), "<xml>回复</xml>", "success", default);
        var again = Assert.IsType<InboxClaim.Completed>(await Conversations.ClaimAsync("gh|m:2", "oA", default));
        Assert.Equal("<xml>回复</xml>", again.ReplyBody);
    }

    [Fact]
    public async Task Claim_WhileRunning_IsInProgressAndCommitReportsTheRetry()
    {
        await Conversations.ClaimAsync("gh|m:3", "oA", default);
        Assert.IsType<InboxClaim.InProgress>(await Conversations.ClaimAsync("gh|m:3", "oA", default));
        var committed = Assert.IsType<CommitOutcome.Committed>(await Conversations.CommitAsync("gh|m:3", "oA", new SessionUpdate(0, null), "success", "success", default));
        Assert.True(committed.RetriedMeanwhile);
    }

    [Fact]
    public async Task Commit_AfterARetryWasAnsweredMeanwhile_StoresTheDeferredBodyForLaterRetries()
    {
        await Conversations.ClaimAsync("gh|m:12", "oA", default);
        Assert.IsType<InboxClaim.InProgress>(await Conversations.ClaimAsync("gh|m:12", "oA", default));
        await Conversations.CommitAsync("gh|m:12", "oA", new SessionUpdate(0, null), "<xml>回复</xml>", "success", default);
        Assert.Equal("success", Assert.IsType<InboxClaim.Completed>(await Conversations.ClaimAsync("gh|m:12", "oA", default)).ReplyBody);
    }

    [Fact]
    public async Task Claim_SameMsgIdOtherMember_IsIndependent()
    {
        await Conversations.ClaimAsync("gh|m:4", "oA", default);
        Assert.IsType<InboxClaim.Claimed>(await Conversations.ClaimAsync("gh|m:4", "oB", default));
    }

    [Fact]
    public async Task Commit_ChangedSession_IsSavedWithNextVersion()
    {
        await Conversations.ClaimAsync("gh|m:5", "oA", default);
        var session = new Session("quiz", 1, "{\"set\":\"abc\"}");
        var outcome = await Conversations.CommitAsync("gh|m:5", "oA", new SessionUpdate(0, session), "r", "success", default);
        Assert.False(Assert.IsType<CommitOutcome.Committed>(outcome).RetriedMeanwhile);

        var loaded = await Conversations.LoadSessionAsync("oA", default);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(session, loaded.Session);
        var claimed = Assert.IsType<InboxClaim.Claimed>(await Conversations.ClaimAsync("gh|m:6", "oA", default));
        Assert.Equal(1, claimed.Session.Version);
        Assert.Equal("{\"set\":\"abc\"}", claimed.Session.Session.State);
    }

    [Fact]
    public async Task Commit_StaleVersion_ConflictsAndWritesNothing()
    {
        await Conversations.ClaimAsync("gh|m:7", "oA", default);
        await Conversations.ClaimAsync("gh|m:8", "oA", default);
        await Conversations.CommitAsync("gh|m:7", "oA", new SessionUpdate(0, CounterFeature.WithCount(1)), "r7", "success", default);

        var outcome = await Conversations.CommitAsync("gh|m:8", "oA", new SessionUpdate(0, CounterFeature.WithCount(2)), "r8", "success", default);
        Assert.IsType<CommitOutcome.Conflict>(outcome);
        Assert.Equal("1", CounterFeature.CountIn((await Conversations.LoadSessionAsync("oA", default)).Session));
        Assert.IsType<InboxClaim.InProgress>(await Conversations.ClaimAsync("gh|m:8", "oA", default));
    }

    [Fact]
    public async Task Commit_UnchangedSession_NeedsNoVersionMatch()
    {
        await Conversations.ClaimAsync("gh|m:9", "oA", default);
        await Conversations.CommitAsync("gh|m:9", "oA", new SessionUpdate(0, CounterFeature.WithCount(1)), "r", "success", default);
        await Conversations.ClaimAsync("gh|m:10", "oA", default);
        Assert.IsType<CommitOutcome.Committed>(await Conversations.CommitAsync("gh|m:10", "oA", new SessionUpdate(0, null), "r", "success", default));
        Assert.Equal("1", CounterFeature.CountIn((await Conversations.LoadSessionAsync("oA", default)).Session));
    }

    [Fact]
    public async Task Abandon_UnfinishedClaim_LetsTheRetryProcessAgain()
    {
        await Conversations.ClaimAsync("gh|m:11", "oA", default);
        await Conversations.AbandonAsync("gh|m:11", "oA", default);
        Assert.IsType<InboxClaim.Claimed>(await Conversations.ClaimAsync("gh|m:11", "oA", default));

        await Conversations.CommitAsync("gh|m:11", "oA", new SessionUpdate(0, null), "done", "success", default);
        await Conversations.AbandonAsync("gh|m:11", "oA", default);
        Assert.IsType<InboxClaim.Completed>(await Conversations.ClaimAsync("gh|m:11", "oA", default));
    }

    [Fact]
    public async Task Lease_HeldByOne_IsRefusedToOthersAndReleasedOnlyByOwner()
    {
        Assert.True(await Shared.TryAcquireLeaseAsync("lease", "a", TimeSpan.FromMinutes(1), default));
        Assert.False(await Shared.TryAcquireLeaseAsync("lease", "b", TimeSpan.FromMinutes(1), default));
        await Shared.ReleaseLeaseAsync("lease", "b", default);
        Assert.False(await Shared.TryAcquireLeaseAsync("lease", "b", TimeSpan.FromMinutes(1), default));
        await Shared.ReleaseLeaseAsync("lease", "a", default);
        Assert.True(await Shared.TryAcquireLeaseAsync("lease", "b", TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task DeleteIfEquals_OtherValue_KeepsTheKey()
    {
        await Shared.SetAsync("token", "T1", TimeSpan.FromMinutes(1), default);
        Assert.False(await Shared.DeleteIfEqualsAsync("token", "T0", default));
        Assert.Equal("T1", await Shared.GetAsync("token", default));
        Assert.True(await Shared.DeleteIfEqualsAsync("token", "T1", default));
        Assert.Null(await Shared.GetAsync("token", default));
    }

    [Fact]
    public async Task Commit_ConcurrentMessagesOfOneMemberOnThreeInstances_LoseNoUpdate()
    {
        // Three processors stand for three bot instances: only the store's version check keeps them apart.
        var router = new ConversationRouter([new CounterFeature()], []);
        var instances = Enumerable.Range(0, 3)
            .Select(_ => new InboxProcessor(Conversations, Rankings, router, TimeProvider.System, new ConversationOptions { MaxConflictRetries = 50 }))
            .ToArray();
        var header = new BranchBot.Core.Messaging.MessageHeader("gh", "oConcurrent", DateTimeOffset.UtcNow, null);
        await Task.WhenAll(Enumerable.Range(1, 30).Select(i => Task.Run(() =>
            instances[i % 3].ProcessAsync(new BranchBot.Core.Messaging.TextMessage(header with { MsgId = i.ToString() }, "计数"), _ => "r", default))));
        Assert.Equal("30", CounterFeature.CountIn((await Conversations.LoadSessionAsync("oConcurrent", default)).Session));
    }

    [Fact]
    public async Task AddOrGet_FirstStoresAndReturnsNull_LaterReturnTheFirstValueAndKeepIt()
    {
        Assert.Null(await Shared.AddOrGetAsync("replay:1:n:s", "hash-a", TimeSpan.FromMinutes(10), default));
        Assert.Equal("hash-a", await Shared.AddOrGetAsync("replay:1:n:s", "hash-b", TimeSpan.FromMinutes(10), default));
        Assert.Equal("hash-a", await Shared.AddOrGetAsync("replay:1:n:s", "hash-a", TimeSpan.FromMinutes(10), default));
        Assert.InRange((await Shared.TimeToLiveAsync("replay:1:n:s", default))!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Increment_CountsFromOne_AndKeepsTheTtlOfTheFirstIncrement()
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Shared.IncrementAsync("counter", TimeSpan.FromMinutes(5), default))));
        var later = await Shared.IncrementAsync("counter", TimeSpan.FromHours(1), default);

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), counts.Order());
        Assert.Equal(11, later);
        Assert.Equal("11", await Shared.GetAsync("counter", default));
        Assert.InRange((await Shared.TimeToLiveAsync("counter", default))!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.Equal(1, await Shared.IncrementAsync("other-counter", TimeSpan.FromMinutes(5), default));
    }

    [Fact]
    public async Task TimeToLive_OfACounter_IsWhatIsLeftAndNullOnceGone()
    {
        await Shared.IncrementAsync("ttl", TimeSpan.FromMinutes(15), default);

        Assert.InRange((await Shared.TimeToLiveAsync("ttl", default))!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Null(await Shared.TimeToLiveAsync("missing", default));
        Assert.True(await Shared.DeleteIfEqualsAsync("ttl", "1", default));
        Assert.Null(await Shared.TimeToLiveAsync("ttl", default));
    }
}

public sealed class MemoryStoreContractTests : StoreContractTests
{
    private readonly ManualClock _clock = new();
    private readonly MemoryStore _store;

    public MemoryStoreContractTests() => _store = new MemoryStore(_clock, Options.Create(new ConversationOptions()));

    protected override IConversationStore Conversations => _store;

    protected override ISharedState Shared => _store;

    protected override BranchBot.Core.Study.IRankingStore Rankings => _store;

    [Fact]
    public async Task Session_IdleLongerThanTtl_IsForgottenButActivityKeepsIt()
    {
        await _store.ClaimAsync("gh|m:1", "oA", default);
        await _store.CommitAsync("gh|m:1", "oA", new SessionUpdate(0, CounterFeature.WithCount(1)), "r", "success", default);
        _clock.Advance(TimeSpan.FromMinutes(20));
        await _store.ClaimAsync("gh|m:2", "oA", default);
        await _store.CommitAsync("gh|m:2", "oA", new SessionUpdate(1, null), "r", "success", default);
        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("1", CounterFeature.CountIn((await _store.LoadSessionAsync("oA", default)).Session));
        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(0, (await _store.LoadSessionAsync("oA", default)).Version);
    }

    [Fact]
    public async Task Lease_AfterItsTtl_CanBeTakenAgain()
    {
        Assert.True(await _store.TryAcquireLeaseAsync("l", "a", TimeSpan.FromSeconds(30), default));
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await _store.TryAcquireLeaseAsync("l", "b", TimeSpan.FromSeconds(30), default));
    }
}

public sealed class RedisStoreContractTests : StoreContractTests, IDisposable
{
    private readonly RedisConnection _connection;
    private readonly RedisStore _store;
    private readonly string _prefix = RedisServer.UniquePrefix();

    public RedisStoreContractTests()
    {
        _connection = new RedisConnection(Options.Create(new RedisOptions { Configuration = RedisServer.Shared.Configuration, KeyPrefix = _prefix }));
        _store = new RedisStore(_connection, Options.Create(new ConversationOptions()));
    }

    protected override IConversationStore Conversations => _store;

    protected override ISharedState Shared => _store;

    protected override BranchBot.Core.Study.IRankingStore Rankings => _store;

    [Fact]
    public async Task Commit_SetsSlidingSessionTtlAndDedupTtl()
    {
        await _store.ClaimAsync("gh|m:1", "oA", default);
        await _store.CommitAsync("gh|m:1", "oA", new SessionUpdate(0, CounterFeature.WithCount(1)), "r", "success", default);
        var db = await _connection.DatabaseAsync(default);
        var sessionTtl = await db.KeyTimeToLiveAsync(_prefix + "{u:oA}:session");
        var inboxTtl = await db.KeyTimeToLiveAsync(_prefix + "{u:oA}:in:gh|m:1");
        Assert.InRange(sessionTtl!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.InRange(inboxTtl!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Claim_AfterScriptCacheFlush_ReloadsScripts()
    {
        var db = await _connection.DatabaseAsync(default);
        await db.ExecuteAsync("SCRIPT", "FLUSH");
        Assert.IsType<InboxClaim.Claimed>(await _store.ClaimAsync("gh|m:2", "oA", default));
    }

    [Fact]
    public async Task Health_RedisUp_IsHealthy() => Assert.True((await _store.CheckAsync(default)).Healthy);

    [Fact]
    public async Task Health_RedisUnreachable_IsUnhealthyNotThrown()
    {
        using var dead = new RedisConnection(Options.Create(new RedisOptions { Configuration = "127.0.0.1:1,connectTimeout=200", OperationTimeout = TimeSpan.FromMilliseconds(200) }));
        var report = await new RedisStore(dead, Options.Create(new ConversationOptions())).CheckAsync(default);
        Assert.False(report.Healthy);
    }

    public void Dispose() => _connection.Dispose();
}
