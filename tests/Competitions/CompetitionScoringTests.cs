using BranchBot.Adapters.Memory;
using BranchBot.Adapters.Redis;
using BranchBot.Core.Competitions;
using BranchBot.Core.Inbox;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BranchBot.Tests.Competitions;

public sealed class CompetitionScoringTests
{
    private static readonly CompetitionScoring Kahoot = CompetitionScoring.From(new CompetitionOptions());

    /// <summary>(elapsed ms, timer s, streak including this answer) → points, per round(1000 × (1 − (t/T)/2)) + min(100 × (streak − 1), 500).</summary>
    public static TheoryData<long, int, int, int> Table => new()
    {
        { 0, 20, 1, 1000 },
        { 499, 20, 1, 1000 },
        { 500, 20, 1, 988 },
        { 2000, 20, 1, 950 },
        { 10_000, 20, 1, 750 },
        { 19_999, 20, 1, 500 },
        { 20_000, 20, 1, 500 },
        { 3_000, 5, 1, 700 },
        { 1_000, 240, 1, 998 },
        { 2000, 20, 2, 1050 },
        { 2000, 20, 3, 1150 },
        { 2000, 20, 6, 1450 },
        { 2000, 20, 7, 1450 },
        { 0, 20, 20, 1500 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void For_CorrectAnswer_MatchesTheFormula(long elapsedMs, int timerSeconds, int streak, int expected) =>
        Assert.Equal(expected, Kahoot.For(true, elapsedMs, timerSeconds * 1000L, streak));

    [Fact]
    public void For_WrongAnswer_IsZero() => Assert.Equal(0, Kahoot.For(false, 100, 20_000, 0));

    public static TheoryData<string> Stores => new() { "memory", "redis" };

    /// <summary>The stores compute points themselves (Redis inside its answer script): same numbers as the table.</summary>
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Store_AnswersAlongTheTable_AwardTheSamePointsAndStreaks(string kind)
    {
        using var redis = kind == "redis"
            ? new RedisConnection(Options.Create(new RedisOptions { Configuration = RedisServer.Shared.Configuration, KeyPrefix = RedisServer.UniquePrefix() }))
            : null;
        ICompetitionStore store = redis is null
            ? new MemoryStore(new ManualClock(), Options.Create(new ConversationOptions()))
            : new RedisStore(redis, Options.Create(new ConversationOptions()));
        var start = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        var room = new Room("rmtable", "654321", "t", "host", "oHost", "b", 20, false, true, Enumerable.Range(0, 10).Select(i => "q" + i).ToList(), null, start);
        Assert.True(await store.CreateAsync(room, new RoomState(RoomPhase.Lobby, -1, null, null, null, start, 1), default));
        await store.JoinAsync(room.Id, new Participant("m1", "甲", "b", "o1", start), default);

        // Right, right (streak 2), wrong, right (streak restarts), skip one, right (streak restarts again).
        (int Index, bool Correct, long Ms, int Points, int Streak)[] steps =
        [
            (0, true, 2000, 950, 1), (1, true, 2000, 1050, 2), (2, false, 1000, 0, 0), (3, true, 10_000, 750, 1), (5, true, 0, 1000, 1), (6, true, 20_000, 600, 2),
        ];
        var total = 0;
        foreach (var (index, correct, ms, points, streak) in steps)
        {
            var opened = start.AddMinutes(index);
            await store.RecordPushesAsync(room.Id, index, [("m1", opened)], default);
            var outcome = await store.AnswerAsync(room.Id, index, "m1", correct, opened.AddMilliseconds(ms), opened, TimeSpan.FromSeconds(20), Kahoot, default);
            Assert.Equal((AnswerStatus.Accepted, points, streak, ms), (outcome.Status, outcome.Points, outcome.Streak, outcome.ElapsedMs));
            total += points;
        }

        Assert.Equal(total, Assert.Single(await store.StandingsAsync(room.Id, default)).Points);
        var again = await store.AnswerAsync(room.Id, 6, "m1", false, start.AddMinutes(6).AddSeconds(1), start.AddMinutes(6), TimeSpan.FromSeconds(20), Kahoot, default);
        Assert.Equal((AnswerStatus.Duplicate, 600), (again.Status, again.Points));
        var late = await store.AnswerAsync(room.Id, 7, "m1", true, start.AddMinutes(7).AddSeconds(21), start.AddMinutes(7), TimeSpan.FromSeconds(20), Kahoot, default);
        Assert.Equal(AnswerStatus.Late, late.Status);
        var stranger = await store.AnswerAsync(room.Id, 7, "m2", true, start.AddMinutes(7), start.AddMinutes(7), TimeSpan.FromSeconds(20), Kahoot, default);
        Assert.Equal(AnswerStatus.NotOpen, stranger.Status);
        Assert.Equal(total, (await store.StandingsAsync(room.Id, default))[0].Points);
    }
}
