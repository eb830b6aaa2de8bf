using BranchBot.Core.Competitions;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>
/// What every adapter's <see cref="ICompetitionStore"/> must do; run on memory, one Redis and the cluster. Two rules are
/// written twice, in Lua and in C#: the answer's scoring (RedisStore.Competitions Answer script; MemoryStore.AnswerAsync
/// through <see cref="CompetitionScoring"/>) and the state's compare-and-set (SaveState script; MemoryStore.SaveStateAsync).
/// The Answer_ and SaveState_ tests here hold both to the same numbers.
/// </summary>
public abstract class CompetitionStoreContractTests
{
    /// <summary>Whole milliseconds, as the Redis store keeps times.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timer = TimeSpan.FromSeconds(20);
    private static readonly CompetitionScoring Defaults = CompetitionScoring.From(new CompetitionOptions());

    protected abstract ICompetitionStore Rooms { get; }

    private static Room RoomOf(string id, string code) =>
        new(id, code, "党章知识竞赛", "host", "oHost", "b1", 20, true, true, ["q1", "q2", "q3"], "https://robot.example/hook", Now);

    private static RoomState Lobby(long version = 1) => new(RoomPhase.Lobby, -1, null, null, null, Now, version);

    private static RoomState Opened(int index, long version) => new(RoomPhase.Open, index, Now, Now + Timer, null, Now, version);

    private static Participant Member(string id, string branch = "b1") => new(id, "党员" + id, branch, "o" + id, Now);

    private async Task<Room> OpenRoomAsync(string id, string code, params string[] members)
    {
        var room = RoomOf(id, code);
        Assert.True(await Rooms.CreateAsync(room, Lobby(), default));
        foreach (var member in members)
        {
            Assert.Equal(JoinOutcome.Joined, await Rooms.JoinAsync(id, Member(member), default));
        }

        Assert.True(await Rooms.SaveStateAsync(id, Opened(0, 2), 1, default));
        return room;
    }

    private Task<AnswerOutcome> AnswerAsync(string roomId, int index, string member, bool correct, DateTimeOffset at, CompetitionScoring? scoring = null, DateTimeOffset? openedAt = null) =>
        Rooms.AnswerAsync(roomId, index, member, correct, at, openedAt ?? Now, Timer, scoring ?? Defaults, default);

    [Fact]
    public async Task Create_NewRoom_IsActive_FoundByItsCode_WithItsRoomAndState()
    {
        var room = RoomOf("rm1", "100001");

        Assert.True(await Rooms.CreateAsync(room, Lobby(), default));

        Assert.Equivalent(room, await Rooms.GetRoomAsync("rm1", default), strict: true);
        Assert.Equal(Lobby(), await Rooms.GetStateAsync("rm1", default));
        Assert.Equal("rm1", await Rooms.FindByCodeAsync("100001", default));
        Assert.Equal(["rm1"], await Rooms.ActiveRoomsAsync(default));
        Assert.Null(await Rooms.GetRoomAsync("nope", default));
        Assert.Null(await Rooms.GetStateAsync("nope", default));
        Assert.Null(await Rooms.FindByCodeAsync("999999", default));
    }

    [Fact]
    public async Task Create_CodeOfAnotherActiveRoom_IsRefusedAndLeavesThatRoomAlone()
    {
        Assert.True(await Rooms.CreateAsync(RoomOf("rm2", "100002"), Lobby(), default));

        Assert.False(await Rooms.CreateAsync(RoomOf("rm3", "100002"), Lobby(), default));

        Assert.Equal("rm2", await Rooms.FindByCodeAsync("100002", default));
        Assert.Null(await Rooms.GetRoomAsync("rm3", default));
        Assert.Equal(["rm2"], await Rooms.ActiveRoomsAsync(default));
    }

    [Fact]
    public async Task Create_SameRoomAgain_IsTrueAndKeepsItsStateAndMembers()
    {
        var room = RoomOf("rm4", "100004");
        Assert.True(await Rooms.CreateAsync(room, Lobby(), default));
        await Rooms.JoinAsync("rm4", Member("m1"), default);
        Assert.True(await Rooms.SaveStateAsync("rm4", Opened(0, 2), 1, default));

        Assert.True(await Rooms.CreateAsync(room, Lobby(), default));

        Assert.Equal(Opened(0, 2), await Rooms.GetStateAsync("rm4", default));
        Assert.Equal(1, await Rooms.CountParticipantsAsync("rm4", default));
        Assert.Equal(["rm4"], await Rooms.ActiveRoomsAsync(default));
    }

    [Fact]
    public async Task Create_CodeOfAFinishedOrExpiredRoom_IsFreeAgain()
    {
        var finished = RoomOf("rm5", "100005");
        var expired = RoomOf("rm6", "100006");
        await Rooms.CreateAsync(finished, Lobby(), default);
        await Rooms.CreateAsync(expired, Lobby(), default);

        await Rooms.FinishAsync(finished, new CompetitionResult("rm5", "t", "b1", Now, [], []), default);
        await Rooms.ExpireAsync(expired, default);

        Assert.Null(await Rooms.FindByCodeAsync("100005", default));
        Assert.Null(await Rooms.FindByCodeAsync("100006", default));
        Assert.True(await Rooms.CreateAsync(RoomOf("rm7", "100005"), Lobby(), default));
        Assert.True(await Rooms.CreateAsync(RoomOf("rm8", "100006"), Lobby(), default));
        Assert.Equal(["rm7", "rm8"], (await Rooms.ActiveRoomsAsync(default)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SaveState_WithTheStoredVersion_Saves_AndAStaleOrUnknownOneIsRefused()
    {
        await Rooms.CreateAsync(RoomOf("rm9", "100009"), Lobby(), default);

        Assert.True(await Rooms.SaveStateAsync("rm9", Opened(0, 2), 1, default));
        Assert.False(await Rooms.SaveStateAsync("rm9", Opened(1, 2), 1, default));
        var paused = Opened(0, 3) with { Phase = RoomPhase.Paused, PausedFrom = RoomPhase.Open, ClosesAt = null };
        Assert.True(await Rooms.SaveStateAsync("rm9", paused, 2, default));
        Assert.False(await Rooms.SaveStateAsync("nope", Opened(0, 2), 1, default));

        Assert.Equal(paused, await Rooms.GetStateAsync("rm9", default));
        Assert.Null(await Rooms.GetStateAsync("nope", default));
    }

    [Fact]
    public async Task SaveState_ConcurrentMovesFromOneVersion_ExactlyOneWins()
    {
        await Rooms.CreateAsync(RoomOf("rm10", "100010"), Lobby(), default);

        var saved = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Rooms.SaveStateAsync("rm10", Opened(i, 2), 1, default))));

        var winner = Assert.Single(Enumerable.Range(0, 8), i => saved[i]);
        Assert.Equal(Opened(winner, 2), await Rooms.GetStateAsync("rm10", default));
    }

    [Fact]
    public async Task Join_Once_AgainIsAlreadyJoined_AndEachMemberCountsOnce()
    {
        await Rooms.CreateAsync(RoomOf("rm11", "100011"), Lobby(), default);

        Assert.Equal(JoinOutcome.Joined, await Rooms.JoinAsync("rm11", Member("m1"), default));
        Assert.Equal(JoinOutcome.AlreadyJoined, await Rooms.JoinAsync("rm11", Member("m1") with { Name = "改名" }, default));
        Assert.Equal(JoinOutcome.Joined, await Rooms.JoinAsync("rm11", Member("m2", "b2"), default));

        Assert.Equal(2, await Rooms.CountParticipantsAsync("rm11", default));
        Assert.Equivalent(new[] { Member("m1"), Member("m2", "b2") }, await Rooms.ParticipantsAsync("rm11", default), strict: true);
        Assert.Equal(0, await Rooms.CountParticipantsAsync("nope", default));
        Assert.Empty(await Rooms.ParticipantsAsync("nope", default));
    }

    [Fact]
    public async Task Join_ConcurrentSameMember_JoinsOnce()
    {
        await Rooms.CreateAsync(RoomOf("rm12", "100012"), Lobby(), default);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Rooms.JoinAsync("rm12", Member("m1"), default))));

        Assert.Single(outcomes, o => o == JoinOutcome.Joined);
        Assert.Equal(1, await Rooms.CountParticipantsAsync("rm12", default));
    }

    [Fact]
    public async Task Join_FinishedOrUnknownRoom_IsRoomClosed_AndAddsNoOne()
    {
        await Rooms.CreateAsync(RoomOf("rm13", "100013"), Lobby(), default);
        Assert.True(await Rooms.SaveStateAsync("rm13", Lobby(2) with { Phase = RoomPhase.Finished }, 1, default));

        Assert.Equal(JoinOutcome.RoomClosed, await Rooms.JoinAsync("rm13", Member("m1"), default));
        Assert.Equal(JoinOutcome.RoomClosed, await Rooms.JoinAsync("nope", Member("m1"), default));
        Assert.Equal(0, await Rooms.CountParticipantsAsync("rm13", default));
        Assert.Equal(0, await Rooms.CountParticipantsAsync("nope", default));
    }

    [Fact]
    public async Task Join_PausedOrOpenRoom_IsAllowed()
    {
        await OpenRoomAsync("rm14", "100014", "m1");
        Assert.Equal(JoinOutcome.Joined, await Rooms.JoinAsync("rm14", Member("m2"), default));
        Assert.True(await Rooms.SaveStateAsync("rm14", Opened(0, 3) with { Phase = RoomPhase.Paused, PausedFrom = RoomPhase.Open }, 2, default));

        Assert.Equal(JoinOutcome.Joined, await Rooms.JoinAsync("rm14", Member("m3"), default));
    }

    [Fact]
    public async Task Drop_StopsAMember_UntilTheyJoinAgain_AndTouchesNoOtherRoom()
    {
        await OpenRoomAsync("rm15", "100015", "m1", "m2");
        await OpenRoomAsync("rm16", "100016", "m1");

        await Rooms.DropAsync("rm15", "m1", default);
        await Rooms.DropAsync("rm15", "m1", default);

        Assert.Equal(["m1"], await Rooms.DroppedAsync("rm15", default));
        Assert.Empty(await Rooms.DroppedAsync("rm16", default));
        Assert.Equal(2, await Rooms.CountParticipantsAsync("rm15", default));

        Assert.Equal(JoinOutcome.AlreadyJoined, await Rooms.JoinAsync("rm15", Member("m1"), default));
        Assert.Empty(await Rooms.DroppedAsync("rm15", default));
        Assert.Empty(await Rooms.DroppedAsync("nope", default));
    }

    [Fact]
    public async Task Answer_First_Counts_ASecondIsRefusedAsDuplicateWithTheFirstOutcome()
    {
        await OpenRoomAsync("rm17", "100017", "m1");

        var first = await AnswerAsync("rm17", 0, "m1", true, Now.AddSeconds(2));
        var second = await AnswerAsync("rm17", 0, "m1", false, Now.AddSeconds(3));

        Assert.Equal(new AnswerOutcome(AnswerStatus.Accepted, true, 950, 2000, 1), first);
        Assert.Equal(first with { Status = AnswerStatus.Duplicate }, second);
        Assert.Equal(new Dictionary<string, AnswerOutcome> { ["m1"] = first }, await Rooms.AnswersAsync("rm17", 0, default));
        Assert.Equal([new Standing("m1", 950, 1)], await Rooms.StandingsAsync("rm17", default));
    }

    [Fact]
    public async Task Answer_ConcurrentFromOneMember_OnlyOneCounts()
    {
        await OpenRoomAsync("rm18", "100018", "m1");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => AnswerAsync("rm18", 0, "m1", true, Now.AddSeconds(1 + i)))));

        var accepted = Assert.Single(outcomes, o => o.Status == AnswerStatus.Accepted);
        Assert.All(outcomes.Where(o => o != accepted), o => Assert.Equal(accepted with { Status = AnswerStatus.Duplicate }, o));
        Assert.Equal(accepted.Points, Assert.Single(await Rooms.StandingsAsync("rm18", default)).Points);
    }

    [Fact]
    public async Task Answer_ByANonParticipantOrInAnUnknownRoom_IsNotOpenAndRecordsNothing()
    {
        await OpenRoomAsync("rm19", "100019", "m1");

        Assert.Equal(new AnswerOutcome(AnswerStatus.NotOpen), await AnswerAsync("rm19", 0, "m9", true, Now.AddSeconds(1)));
        Assert.Equal(new AnswerOutcome(AnswerStatus.NotOpen), await AnswerAsync("nope", 0, "m1", true, Now.AddSeconds(1)));
        Assert.Empty(await Rooms.AnswersAsync("rm19", 0, default));
        Assert.Empty(await Rooms.StandingsAsync("rm19", default));
    }

    [Fact]
    public async Task Answer_AfterTheTimer_IsLateWithItsElapsedTime_AndRecordsNothing()
    {
        await OpenRoomAsync("rm20", "100020", "m1");

        Assert.Equal(new AnswerOutcome(AnswerStatus.Late, ElapsedMs: 20_001), await AnswerAsync("rm20", 0, "m1", true, Now.AddMilliseconds(20_001)));
        Assert.Equal(new AnswerOutcome(AnswerStatus.Late, ElapsedMs: 25_000), await AnswerAsync("rm20", 0, "m1", true, Now.AddSeconds(25)));

        Assert.Empty(await Rooms.AnswersAsync("rm20", 0, default));
        Assert.Empty(await Rooms.StandingsAsync("rm20", default));
    }

    [Fact]
    public async Task Answer_TimerRunsFromTheMembersOwnPush_OrFromTheOpeningWithoutOne()
    {
        await OpenRoomAsync("rm21", "100021", "early", "slow", "unpushed", "beforepush");
        await Rooms.RecordPushesAsync("rm21", 0, [("early", Now), ("slow", Now.AddSeconds(8)), ("beforepush", Now.AddSeconds(5))], default);

        Assert.Equal(24_000, (await AnswerAsync("rm21", 0, "early", true, Now.AddSeconds(24))).ElapsedMs);
        Assert.Equal(AnswerStatus.Late, (await AnswerAsync("rm21", 0, "early", true, Now.AddSeconds(24))).Status);
        var slow = await AnswerAsync("rm21", 0, "slow", true, Now.AddSeconds(24));
        Assert.Equal(new AnswerOutcome(AnswerStatus.Accepted, true, Defaults.For(true, 16_000, 20_000, 1), 16_000, 1), slow);
        Assert.Equal(3_000, (await AnswerAsync("rm21", 0, "unpushed", true, Now.AddSeconds(3))).ElapsedMs);
        Assert.Equal(new AnswerOutcome(AnswerStatus.Accepted, true, 1000, 0, 1), await AnswerAsync("rm21", 0, "beforepush", true, Now.AddSeconds(4)));
    }

    /// <summary>Elapsed ms with the points of a correct first answer under the default scoring (P 1000, 20 s, full within 0.5 s).</summary>
    /// <remarks>1020, 10 020 and 19 980 ms land on a half before rounding: the double arithmetic decides, the same in Lua and C#.</remarks>
    private static readonly (long Elapsed, int Points)[] ScoringTable =
    [
        (0, 1000), (1, 1000), (499, 1000), (500, 988), (1020, 975), (2000, 950), (3333, 917), (5000, 875),
        (9999, 750), (10_000, 750), (10_020, 750), (13_000, 675), (19_980, 500), (19_999, 500), (20_000, 500),
    ];

    [Fact]
    public async Task Answer_Points_AreCompetitionScoringsForATableOfElapsedTimesAndCorrectness()
    {
        var members = ScoringTable.SelectMany(r => new[] { "r" + r.Elapsed, "w" + r.Elapsed }).ToArray();
        await OpenRoomAsync("rm22", "100022", members);

        foreach (var (elapsed, points) in ScoringTable)
        {
            var right = await AnswerAsync("rm22", 0, "r" + elapsed, true, Now.AddMilliseconds(elapsed));
            var wrong = await AnswerAsync("rm22", 0, "w" + elapsed, false, Now.AddMilliseconds(elapsed));

            // The C# formula (the memory store's) and the store's result, whichever store it is, agree with the table.
            Assert.Equal(points, Defaults.For(true, elapsed, 20_000, 1));
            Assert.Equal(new AnswerOutcome(AnswerStatus.Accepted, true, points, elapsed, 1), right);
            Assert.Equal(new AnswerOutcome(AnswerStatus.Accepted, false, 0, elapsed, 0), wrong);
        }

        var standings = await Rooms.StandingsAsync("rm22", default);
        Assert.Equal(ScoringTable.Length, standings.Count);
        Assert.Equal(ScoringTable.Sum(r => r.Points), standings.Sum(s => s.Points));
    }

    [Fact]
    public async Task Answer_StreaksAndOtherScoringSettings_AddTheCappedBonusAsCompetitionScoringDoes()
    {
        var scoring = new CompetitionScoring(Points: 600, StreakBonus: 70, StreakBonusCap: 150, FullPointsWithinMs: 1000);
        await OpenRoomAsync("rm23", "100023", "m1");
        // Question index, right or not, elapsed ms, the streak it makes. Question 5 goes unanswered and question 7 is late.
        (int Index, bool Correct, long Elapsed, int Streak)[] plan =
        [
            (0, true, 999, 1), (1, true, 1000, 2), (2, true, 7_777, 3), (3, true, 20_000, 4), (4, false, 300, 0),
            (6, true, 1500, 1), (7, true, 20_001, -1), (8, true, 12_345, 1), (9, true, 0, 2),
        ];

        var total = 0;
        foreach (var (index, correct, elapsed, streak) in plan)
        {
            var outcome = await AnswerAsync("rm23", index, "m1", correct, Now.AddMilliseconds(elapsed), scoring);
            if (streak < 0)
            {
                Assert.Equal(AnswerStatus.Late, outcome.Status);
                continue;
            }

            var expected = scoring.For(correct, elapsed, 20_000, streak);
            total += expected;
            Assert.Equal(new AnswerOutcome(AnswerStatus.Accepted, correct, expected, elapsed, streak), outcome);
        }

        Assert.Equal([600, 655, 623, 450, 0, 578, 415, 670], plan.Where(p => p.Streak >= 0).Select(p => scoring.For(p.Correct, p.Elapsed, 20_000, p.Streak)));
        Assert.Equal([new Standing("m1", total, 1)], await Rooms.StandingsAsync("rm23", default));
    }

    [Fact]
    public async Task Standings_BestFirst_TiesByMemberIdAsRedisOrdersThem_WithoutMembersAtZero()
    {
        await OpenRoomAsync("rm24", "100024", "a", "b", "c", "d", "e");
        await AnswerAsync("rm24", 0, "a", true, Now.AddSeconds(2));
        await AnswerAsync("rm24", 0, "c", true, Now.AddSeconds(2));
        await AnswerAsync("rm24", 0, "b", true, Now.AddSeconds(10));
        await AnswerAsync("rm24", 0, "d", false, Now.AddSeconds(1));

        Assert.Equal([new Standing("c", 950, 1), new Standing("a", 950, 2), new Standing("b", 750, 3)], await Rooms.StandingsAsync("rm24", default));
        Assert.Empty(await Rooms.StandingsAsync("nope", default));
    }

    [Fact]
    public async Task Answers_AreKeptPerQuestion()
    {
        await OpenRoomAsync("rm25", "100025", "m1", "m2");
        var a0 = await AnswerAsync("rm25", 0, "m1", true, Now.AddSeconds(1));
        var b0 = await AnswerAsync("rm25", 0, "m2", false, Now.AddSeconds(1));
        var a1 = await AnswerAsync("rm25", 1, "m1", true, Now.AddSeconds(4));

        Assert.Equal(new Dictionary<string, AnswerOutcome> { ["m1"] = a0, ["m2"] = b0 }, await Rooms.AnswersAsync("rm25", 0, default));
        Assert.Equal(new Dictionary<string, AnswerOutcome> { ["m1"] = a1 }, await Rooms.AnswersAsync("rm25", 1, default));
        Assert.Empty(await Rooms.AnswersAsync("rm25", 2, default));
        Assert.Equal(2, a1.Streak);
    }

    [Fact]
    public async Task Finish_KeepsTheResultOnce_NewestFirst_AndTakesTheRoomOffTheActiveList()
    {
        var first = RoomOf("rm26", "100026");
        var second = RoomOf("rm27", "100027");
        await Rooms.CreateAsync(first, Lobby(), default);
        await Rooms.CreateAsync(second, Lobby(), default);
        var firstResult = new CompetitionResult("rm26", "第一场", "b1", Now,
            [new ResultRow(1, "m1", "张三", "b1", 1950), new ResultRow(2, "m2", "李四", "b2", 900)],
            [new TeamRow(1, "b1", "第一支部", 1, 1950), new TeamRow(2, "b2", "第二支部", 1, 900)]);
        var secondResult = new CompetitionResult("rm27", "第二场", "b1", Now.AddMinutes(5), [], []);

        await Rooms.FinishAsync(first, firstResult, default);
        await Rooms.FinishAsync(first, firstResult with { Title = "重复" }, default);
        await Rooms.FinishAsync(second, secondResult, default);

        Assert.Empty(await Rooms.ActiveRoomsAsync(default));
        Assert.Equivalent(new[] { secondResult, firstResult }, await Rooms.ResultsAsync(10, default), strict: true);
        Assert.Equal(["rm27"], (await Rooms.ResultsAsync(1, default)).Select(r => r.RoomId));
        Assert.NotNull(await Rooms.GetRoomAsync("rm26", default));
    }

    [Fact]
    public async Task Expire_TakesTheRoomOffTheActiveList_FreesItsCode_AndKeepsNoResult()
    {
        var abandoned = RoomOf("rm28", "100028");
        await Rooms.CreateAsync(abandoned, Lobby(), default);
        await Rooms.CreateAsync(RoomOf("rm29", "100029"), Lobby(), default);

        await Rooms.ExpireAsync(abandoned, default);
        await Rooms.ExpireAsync(abandoned, default);

        Assert.Equal(["rm29"], await Rooms.ActiveRoomsAsync(default));
        Assert.Null(await Rooms.FindByCodeAsync("100028", default));
        Assert.Equal("rm29", await Rooms.FindByCodeAsync("100029", default));
        Assert.Empty(await Rooms.ResultsAsync(10, default));
    }

    [Fact]
    public async Task Expire_ARoomWhoseCodeWasTakenSince_LeavesTheNewHolderItsCode()
    {
        var old = RoomOf("rm30", "100030");
        await Rooms.CreateAsync(old, Lobby(), default);
        await Rooms.FinishAsync(old, new CompetitionResult("rm30", "t", "b1", Now, [], []), default);
        Assert.True(await Rooms.CreateAsync(RoomOf("rm31", "100030"), Lobby(), default));

        await Rooms.ExpireAsync(old, default);
        await Rooms.FinishAsync(old, new CompetitionResult("rm30", "again", "b1", Now, [], []), default);

        Assert.Equal("rm31", await Rooms.FindByCodeAsync("100030", default));
        Assert.Equal(["rm31"], await Rooms.ActiveRoomsAsync(default));
        Assert.Single(await Rooms.ResultsAsync(10, default));
    }
}

public sealed class MemoryCompetitionStoreContractTests : CompetitionStoreContractTests
{
    private readonly BranchBot.Adapters.Memory.MemoryStore _store = TestStores.Memory(new ManualClock());

    protected override ICompetitionStore Rooms => _store;
}

public sealed class RedisCompetitionStoreContractTests : CompetitionStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override ICompetitionStore Rooms => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterCompetitionStoreContractTests : CompetitionStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override ICompetitionStore Rooms => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
