using System.Net;
using BranchBot.Core.Competitions;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Admin;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Study;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Security;

/// <summary>Abandoned competition rooms expire and leave the active set; one failing room never stalls the others.</summary>
public sealed class RoomExpiryTests
{
    private static async Task<MeetingBot> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var bot = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["Competitions:RunTicker"] = "false" }, configure: configure);
        await bot.Get<IQuestionStore>().UpsertAsync(QuestionBankParser.ParseJson(StudyBot.Bank).Rows, default);
        await bot.Get<QuestionBankCache>().RefreshAsync(default);
        return bot;
    }

    private static async Task<(string Id, string Code)> CreateAsync(MeetingBot bot)
    {
        var branch = await bot.BranchIdAsync("测试第一支部");
        var (status, json, body) = await bot.CallAsync(HttpMethod.Post, "/api/competitions", json: $$"""{"branchId":"{{branch}}","title":"竞赛","questions":2,"seconds":20,"manual":true}""");
        Assert.True(status == HttpStatusCode.Created, body);
        return (json!["id"]!.GetValue<string>(), json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Room_NeverStarted_ExpiresAfterTwoHoursAndLeavesTheActiveSet()
    {
        await using var bot = await StartAsync();
        var (roomId, code) = await CreateAsync(bot);
        var store = bot.Get<ICompetitionStore>();

        bot.Clock.Advance(TimeSpan.FromHours(1));
        await bot.Get<CompetitionEngine>().TickAsync(default);
        Assert.Contains(roomId, await store.ActiveRoomsAsync(default));

        bot.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await bot.Get<CompetitionEngine>().TickAsync(default);
        Assert.DoesNotContain(roomId, await store.ActiveRoomsAsync(default));
        Assert.Null(await store.FindByCodeAsync(code, default));
        Assert.Empty(await store.ResultsAsync(10, default));
    }

    [Fact]
    public async Task Room_LeftPaused_ExpiresAfterADay()
    {
        await using var bot = await StartAsync();
        var (roomId, code) = await CreateAsync(bot);
        Assert.Contains("已加入", await bot.SayAsync("oZhaoYi", "参赛 " + code));
        Assert.Equal(HttpStatusCode.OK, (await bot.CallAsync(HttpMethod.Post, $"/api/competitions/{roomId}/pause")).Status);

        bot.Clock.Advance(TimeSpan.FromHours(23));
        await bot.Get<CompetitionEngine>().TickAsync(default);
        Assert.Contains(roomId, await bot.Get<ICompetitionStore>().ActiveRoomsAsync(default));

        bot.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await bot.Get<CompetitionEngine>().TickAsync(default);
        Assert.DoesNotContain(roomId, await bot.Get<ICompetitionStore>().ActiveRoomsAsync(default));
    }

    [Fact]
    public async Task Tick_OneRoomThatFails_DoesNotStallTheOthers()
    {
        var broken = new HashSet<string>();
        await using var bot = await StartAsync(s => s.AddSingleton<ICompetitionStore>(sp => new FailingRoomStore(sp.GetRequiredService<BranchBot.Adapters.Redis.RedisStore>(), broken)));
        var (first, _) = await CreateAsync(bot);
        var (second, _) = await CreateAsync(bot);
        broken.Add((await bot.Get<ICompetitionStore>().ActiveRoomsAsync(default)).Order(StringComparer.Ordinal).First());
        var healthy = first == broken.Single() ? second : first;

        bot.Clock.Advance(TimeSpan.FromHours(3));
        var failures = new List<string>();
        await bot.Get<CompetitionEngine>().TickAsync(default, (room, _) => failures.Add(room));

        Assert.Equal(broken.Single(), Assert.Single(failures));
        Assert.DoesNotContain(healthy, await bot.Get<ICompetitionStore>().ActiveRoomsAsync(default));
    }

    /// <summary>The real store, except that reading the state of the rooms named in <c>broken</c> throws.</summary>
    private sealed class FailingRoomStore(ICompetitionStore inner, HashSet<string> broken) : ICompetitionStore
    {
        public Task<RoomState?> GetStateAsync(string roomId, CancellationToken cancellationToken) =>
            broken.Contains(roomId) ? throw new InvalidOperationException("broken room") : inner.GetStateAsync(roomId, cancellationToken);

        public Task<bool> CreateAsync(Room room, RoomState state, CancellationToken cancellationToken) => inner.CreateAsync(room, state, cancellationToken);

        public Task<Room?> GetRoomAsync(string roomId, CancellationToken cancellationToken) => inner.GetRoomAsync(roomId, cancellationToken);

        public Task<string?> FindByCodeAsync(string code, CancellationToken cancellationToken) => inner.FindByCodeAsync(code, cancellationToken);

        public Task<bool> SaveStateAsync(string roomId, RoomState next, long expectedVersion, CancellationToken cancellationToken) => inner.SaveStateAsync(roomId, next, expectedVersion, cancellationToken);

        public Task<JoinOutcome> JoinAsync(string roomId, Participant participant, CancellationToken cancellationToken) => inner.JoinAsync(roomId, participant, cancellationToken);

        public Task<IReadOnlyList<Participant>> ParticipantsAsync(string roomId, CancellationToken cancellationToken) => inner.ParticipantsAsync(roomId, cancellationToken);

        public Task<int> CountParticipantsAsync(string roomId, CancellationToken cancellationToken) => inner.CountParticipantsAsync(roomId, cancellationToken);

        public Task DropAsync(string roomId, string memberId, CancellationToken cancellationToken) => inner.DropAsync(roomId, memberId, cancellationToken);

        public Task<IReadOnlySet<string>> DroppedAsync(string roomId, CancellationToken cancellationToken) => inner.DroppedAsync(roomId, cancellationToken);

        public Task RecordPushesAsync(string roomId, int index, IReadOnlyList<(string MemberId, DateTimeOffset At)> pushes, CancellationToken cancellationToken) => inner.RecordPushesAsync(roomId, index, pushes, cancellationToken);

        public Task<AnswerOutcome> AnswerAsync(string roomId, int index, string memberId, bool correct, DateTimeOffset at, DateTimeOffset openedAt, TimeSpan timer, CompetitionScoring scoring, CancellationToken cancellationToken) =>
            inner.AnswerAsync(roomId, index, memberId, correct, at, openedAt, timer, scoring, cancellationToken);

        public Task<IReadOnlyList<Standing>> StandingsAsync(string roomId, CancellationToken cancellationToken) => inner.StandingsAsync(roomId, cancellationToken);

        public Task<IReadOnlyDictionary<string, AnswerOutcome>> AnswersAsync(string roomId, int index, CancellationToken cancellationToken) => inner.AnswersAsync(roomId, index, cancellationToken);

        public Task<IReadOnlyList<string>> ActiveRoomsAsync(CancellationToken cancellationToken) => inner.ActiveRoomsAsync(cancellationToken);

        public Task FinishAsync(Room room, CompetitionResult result, CancellationToken cancellationToken) => inner.FinishAsync(room, result, cancellationToken);

        public Task ExpireAsync(Room room, CancellationToken cancellationToken) => inner.ExpireAsync(room, cancellationToken);

        public Task<IReadOnlyList<CompetitionResult>> ResultsAsync(int count, CancellationToken cancellationToken) => inner.ResultsAsync(count, cancellationToken);
    }
}
