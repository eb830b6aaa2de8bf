using BranchBot.Core.Competitions;
using BranchBot.Core.Matches;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IMatchStore"/> must do; run on memory, Redis and the Redis cluster.</summary>
public abstract class MatchStoreContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Timer = TimeSpan.FromSeconds(20);
    private static readonly CompetitionScoring Scoring = new(1000, 100, 500, 500);

    protected abstract IMatchStore Store { get; }

    private static MatchPlayer P(string id) => new(id, "党员" + id, "b1", "o" + id);

    private Task<MatchSweep> SweepAsync(DateTimeOffset at, string shortId = "short") => Store.SweepMatchesAsync(at, Wait, Lease, 100, shortId, default);

    [Fact]
    public async Task Enqueue_SecondForADuel_FormsOnePendingMatchDueAtOnce()
    {
        var first = await Store.EnqueueAsync(MatchKind.Duel, P("a"), "mt1", Now, default);
        Assert.Equal(new QueueOutcome(QueueStatus.Waiting, MatchWhere.InQueue(MatchKind.Duel), 1), first);

        var second = await Store.EnqueueAsync(MatchKind.Duel, P("b"), "mt2", Now.AddSeconds(1), default);
        Assert.Equal(QueueStatus.Playing, second.Status);
        Assert.Equal("mt2", second.Where.MatchId);
        Assert.Equal(2, second.Waiting);
        Assert.Equal(MatchWhere.InMatch("mt2"), await Store.WhereAsync("a", default));

        var due = Assert.Single((await SweepAsync(Now.AddSeconds(1))).Due);
        Assert.Equal("mt2", due.Id);
        Assert.Equal(MatchKind.Duel, due.Pending!.Kind);
        Assert.Equal([P("a"), P("b")], due.Pending.Players);
        Assert.Equal(Now.AddSeconds(1), due.Pending.FormedAt);
    }

    [Fact]
    public async Task Enqueue_Repeated_QueuesOnceAndNeverInTwoQueues()
    {
        await Store.EnqueueAsync(MatchKind.Four, P("a"), "mt1", Now, default);
        Assert.Equal(new QueueOutcome(QueueStatus.Waiting, MatchWhere.InQueue(MatchKind.Four), 1), await Store.EnqueueAsync(MatchKind.Four, P("a"), "mt2", Now, default));
        Assert.Equal(QueueStatus.WaitingElsewhere, (await Store.EnqueueAsync(MatchKind.Duel, P("a"), "mt3", Now, default)).Status);

        // Had "a" entered the duel queue too, "b" would make a duel now.
        Assert.Equal(QueueStatus.Waiting, (await Store.EnqueueAsync(MatchKind.Duel, P("b"), "mt4", Now, default)).Status);
        Assert.Empty((await SweepAsync(Now)).Due);
    }

    [Fact]
    public async Task Enqueue_WhilePlaying_ReportsTheMatchAndChangesNothing()
    {
        await Store.EnqueueAsync(MatchKind.Duel, P("a"), "mt1", Now, default);
        await Store.EnqueueAsync(MatchKind.Duel, P("b"), "mt1", Now, default);

        var again = await Store.EnqueueAsync(MatchKind.Four, P("a"), "mt9", Now, default);
        Assert.Equal(QueueStatus.Playing, again.Status);
        Assert.Equal("mt1", again.Where.MatchId);
        Assert.Equal(0, again.Waiting);
        Assert.Null(await Store.WhereAsync("c", default));
    }

    [Fact]
    public async Task LeaveQueue_LeavesOnlyAQueue()
    {
        await Store.EnqueueAsync(MatchKind.Four, P("a"), "mt1", Now, default);
        Assert.True(await Store.LeaveQueueAsync("a", default));
        Assert.Null(await Store.WhereAsync("a", default));
        Assert.False(await Store.LeaveQueueAsync("a", default));

        await Store.EnqueueAsync(MatchKind.Duel, P("b"), "mt2", Now, default);
        await Store.EnqueueAsync(MatchKind.Duel, P("c"), "mt2", Now, default);
        Assert.False(await Store.LeaveQueueAsync("b", default));
        Assert.Equal("mt2", (await Store.WhereAsync("b", default))!.MatchId);

        // Left means gone: a later four-player queue does not count "a".
        await Store.EnqueueAsync(MatchKind.Four, P("d"), "mt3", Now, default);
        Assert.Equal(1, (await Store.EnqueueAsync(MatchKind.Four, P("d"), "mt3", Now, default)).Waiting);
    }

    [Fact]
    public async Task Sweep_AfterTheWait_StartsFourWithFewerAndLetsALoneWaiterGo()
    {
        await Store.EnqueueAsync(MatchKind.Four, P("a"), "x", Now, default);
        await Store.EnqueueAsync(MatchKind.Four, P("b"), "x", Now.AddSeconds(10), default);
        await Store.EnqueueAsync(MatchKind.Four, P("c"), "x", Now.AddSeconds(20), default);
        await Store.EnqueueAsync(MatchKind.Duel, P("d"), "x", Now.AddSeconds(5), default);

        var early = await SweepAsync(Now.AddSeconds(29));
        Assert.Empty(early.Due);
        Assert.Empty(early.Dropped);

        var sweep = await SweepAsync(Now.AddSeconds(30), "short");
        var due = Assert.Single(sweep.Due);
        Assert.Equal(MatchKind.Four, due.Pending!.Kind);
        Assert.Equal(["a", "b", "c"], due.Pending.Players.Select(p => p.MemberId));
        Assert.Equal(due.Id, (await Store.WhereAsync("c", default))!.MatchId);
        Assert.Empty(sweep.Dropped);

        var later = await SweepAsync(Now.AddSeconds(35));
        Assert.Equal(new DroppedWaiter(MatchKind.Duel, P("d")), Assert.Single(later.Dropped));
        Assert.Null(await Store.WhereAsync("d", default));
        Assert.Empty((await SweepAsync(Now.AddSeconds(36))).Dropped);
    }

    [Fact]
    public async Task Sweep_ClaimsADueMatchForTheLeaseOnly()
    {
        await Store.EnqueueAsync(MatchKind.Duel, P("a"), "mt1", Now, default);
        await Store.EnqueueAsync(MatchKind.Duel, P("b"), "mt1", Now, default);

        Assert.Single((await SweepAsync(Now)).Due);
        Assert.Empty((await SweepAsync(Now.AddSeconds(9))).Due);
        Assert.Equal("mt1", Assert.Single((await SweepAsync(Now.AddSeconds(10))).Due).Id);

        await Store.ScheduleMatchAsync("mt1", Now.AddSeconds(60), default);
        await Store.WakeMatchAsync("mt1", Now.AddSeconds(30), default);
        Assert.Single((await SweepAsync(Now.AddSeconds(30))).Due);

        await Store.ReleaseMatchAsync("mt1", ["a", "b"], default);
        await Store.WakeMatchAsync("mt1", Now.AddSeconds(40), default);
        Assert.Empty((await SweepAsync(Now.AddMinutes(5))).Due);
        Assert.Null(await Store.WhereAsync("a", default));
    }

    [Fact]
    public async Task Enqueue_ManyAtOnce_PutsEachMemberInExactlyOneMatch()
    {
        var members = Enumerable.Range(0, 40).Select(i => P("m" + i)).ToList();
        await Task.WhenAll(members.Select(m => Task.Run(() => Store.EnqueueAsync(MatchKind.Four, m, "mt-" + m.MemberId, Now, default))));
        await Task.WhenAll(members.Take(8).Select(m => Task.Run(() => Store.EnqueueAsync(MatchKind.Four, m, "again-" + m.MemberId, Now, default))));

        var due = (await SweepAsync(Now)).Due;
        Assert.Equal(10, due.Count);
        Assert.All(due, d => Assert.Equal(4, d.Pending!.Players.Count));
        Assert.Equal(members.Select(m => m.MemberId).Order(), due.SelectMany(d => d.Pending!.Players).Select(p => p.MemberId).Order());
    }

    [Fact]
    public async Task Match_CreatedTwice_KeepsTheFirstAndFreesItsPendingForm()
    {
        await Store.EnqueueAsync(MatchKind.Duel, P("a"), "mt1", Now, default);
        await Store.EnqueueAsync(MatchKind.Duel, P("b"), "mt1", Now, default);
        var first = new Match("mt1", MatchKind.Duel, [P("a"), P("b")], ["q1", "q2"], 20, Now);

        Assert.Equal(first.Players, (await Store.CreateMatchAsync(first, Now, default)).Players);
        var stored = await Store.CreateMatchAsync(first with { QuestionIds = ["q9"] }, Now, default);
        Assert.Equal(["q1", "q2"], stored.QuestionIds);
        Assert.Equal(["q1", "q2"], (await Store.GetMatchAsync("mt1", default))!.QuestionIds);
        Assert.Null((await SweepAsync(Now.AddMinutes(1))).Due.Single().Pending);
        Assert.Equal(new MatchProgress(MatchPhase.Ready, -1, Now, 1), await Store.GetMatchProgressAsync("mt1", default));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 }, await Store.MatchScoresAsync("mt1", default));
        Assert.Null(await Store.GetMatchAsync("mt2", default));
    }

    [Fact]
    public async Task Progress_SavesOnlyOverTheExpectedVersion()
    {
        await Store.CreateMatchAsync(new Match("mt1", MatchKind.Duel, [P("a"), P("b")], ["q1"], 20, Now), Now, default);
        var open = new MatchProgress(MatchPhase.Open, 0, Now, 2);

        Assert.True(await Store.SaveMatchProgressAsync("mt1", open, 1, default));
        Assert.False(await Store.SaveMatchProgressAsync("mt1", open with { Version = 3 }, 1, default));
        Assert.Equal(open, await Store.GetMatchProgressAsync("mt1", default));
        Assert.False(await Store.SaveMatchProgressAsync("nope", open, 1, default));
    }

    [Fact]
    public async Task Pushes_ClaimedOncePerStageAndMember()
    {
        await Store.CreateMatchAsync(new Match("mt1", MatchKind.Duel, [P("a"), P("b")], ["q1"], 20, Now), Now, default);

        Assert.Equal(["a"], await Store.ClaimMatchPushesAsync("mt1", "q0", ["a"], default));
        Assert.Equal(["b"], await Store.ClaimMatchPushesAsync("mt1", "q0", ["a", "b"], default));
        Assert.Equal(["a", "b"], await Store.ClaimMatchPushesAsync("mt1", "final", ["a", "b"], default));

        await Store.RecordMatchPushesAsync("mt1", 0, [("a", Now.AddSeconds(1))], default);
        Assert.Equal(Now.AddSeconds(1), Assert.Single(await Store.MatchPushesAsync("mt1", 0, default)).Value);
        Assert.Empty(await Store.MatchPushesAsync("mt1", 1, default));
    }

    [Fact]
    public async Task Answer_FirstWithinTheTimerOfTheOpenQuestion_ScoredByTheCompetitionFormula()
    {
        await Store.CreateMatchAsync(new Match("mt1", MatchKind.Four, [P("a"), P("b"), P("c")], ["q1", "q2"], 20, Now), Now, default);
        Assert.Equal(MatchAnswerStatus.Closed, (await Answer("a", "11", Now)).Status);

        await Store.SaveMatchProgressAsync("mt1", new MatchProgress(MatchPhase.Open, 0, Now, 2), 1, default);
        await Store.RecordMatchPushesAsync("mt1", 0, [("a", Now), ("b", Now.AddSeconds(1))], default);

        // Right at 2 s from the push: 1000 × (1 − (2/20)/2) = 950.
        Assert.Equal(new MatchAnswer(MatchAnswerStatus.Accepted, 0, true, 950, 2000, 1), await Answer("a", "10", Now.AddSeconds(2)));
        Assert.Equal(new MatchAnswer(MatchAnswerStatus.Duplicate, 0, true, 950, 2000, 1), await Answer("a", "00", Now.AddSeconds(3)));
        Assert.Equal(MatchAnswerStatus.Unrecognised, (await Answer("b", "u1", Now.AddSeconds(3))).Status);
        Assert.Equal(new MatchAnswer(MatchAnswerStatus.Accepted, 0, false, 0, 2000, 2), await Answer("b", "01", Now.AddSeconds(3)));
        Assert.Equal(MatchAnswerStatus.Late, (await Answer("c", "11", Now.AddSeconds(21))).Status);
        Assert.Equal(MatchAnswerStatus.NotPlayer, (await Answer("z", "11", Now.AddSeconds(3))).Status);

        // Question 2, within the full-points time: 1000 plus the streak bonus of a second right answer in a row.
        await Store.SaveMatchProgressAsync("mt1", new MatchProgress(MatchPhase.Open, 1, Now.AddSeconds(30), 3), 2, default);
        Assert.Equal(new MatchAnswer(MatchAnswerStatus.Accepted, 1, true, 1100, 200, 1), await Answer("a", "01", Now.AddMilliseconds(30_200)));

        Assert.Equal(new Dictionary<string, int> { ["a"] = 2050, ["b"] = 0, ["c"] = 0 }, await Store.MatchScoresAsync("mt1", default));
        var first = await Store.MatchAnswersAsync("mt1", 0, default);
        Assert.Equal(["a", "b"], first.Keys.Order());
        Assert.Equal(950, first["a"].Points);
        Assert.Single(await Store.MatchAnswersAsync("mt1", 1, default));

        await Store.SaveMatchProgressAsync("mt1", new MatchProgress(MatchPhase.Finishing, 1, Now.AddSeconds(30), 4), 3, default);
        Assert.Equal(MatchAnswerStatus.Over, (await Answer("b", "11", Now.AddSeconds(31))).Status);
        Assert.Equal(MatchAnswerStatus.Over, (await Store.AnswerMatchAsync("nope", "a", "1", Now, Timer, Scoring, default)).Status);
    }

    private Task<MatchAnswer> Answer(string member, string verdicts, DateTimeOffset at) => Store.AnswerMatchAsync("mt1", member, verdicts, at, Timer, Scoring, default);
}

public sealed class MemoryMatchStoreContractTests : MatchStoreContractTests
{
    private readonly BranchBot.Adapters.Memory.MemoryStore _store = TestStores.Memory(new ManualClock());

    protected override IMatchStore Store => _store;
}

public sealed class RedisMatchStoreContractTests : MatchStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IMatchStore Store => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterMatchStoreContractTests : MatchStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IMatchStore Store => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
