using System.Globalization;
using System.Text.Json;
using BranchBot.Core.Competitions;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// Competition rooms. A room's keys share the hash tag <c>{room:id}</c>, so recording an answer is one script: first
/// answer only, elapsed time from this member's own push, streak, points and total together — the same arithmetic as
/// <see cref="CompetitionScoring"/>.
/// </summary>
public sealed partial class RedisStore : ICompetitionStore
{
    // KEYS: participants, answers, pushes, streaks, scores.
    // ARGV: member, index, correct, at ms, opened ms, timer ms, P, streak bonus, bonus cap, full-points ms.
    // Twin: MemoryStore.Competitions.cs AnswerAsync with CompetitionScoring.For (core/Competitions/CompetitionScoring.cs);
    // held together by CompetitionStoreContractTests.Answer_* (a table of elapsed times, correctness and streaks).
    private static readonly RedisScript Answer = new(LuaScoring.Function + """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return {'notopen', ''} end
        local previous = redis.call('HGET', KEYS[2], ARGV[1])
        if previous then return {'dup', previous} end
        local pushed = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or ARGV[5])
        local elapsed = tonumber(ARGV[4]) - pushed
        if elapsed < 0 then elapsed = 0 end
        local timer = tonumber(ARGV[6])
        if elapsed > timer then return {'late', '0|0|' .. elapsed .. '|0'} end
        local index = tonumber(ARGV[2])
        local points, streak = score(ARGV[3] == '1', elapsed, timer, index, redis.call('HGET', KEYS[4], ARGV[1]),
          tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]))
        redis.call('HSET', KEYS[4], ARGV[1], index .. '|' .. streak)
        local record = ARGV[3] .. '|' .. points .. '|' .. elapsed .. '|' .. streak
        redis.call('HSET', KEYS[2], ARGV[1], record)
        if points > 0 then redis.call('ZINCRBY', KEYS[5], points, ARGV[1]) end
        return {'ok', record}
        """);

    // KEYS: state. ARGV: expected version, new version, state JSON.
    // Twin: MemoryStore.Competitions.cs SaveStateAsync; held together by CompetitionStoreContractTests.SaveState_*.
    private static readonly RedisScript SaveState = new("""
        if tonumber(redis.call('HGET', KEYS[1], 'v') or '-1') ~= tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'v', ARGV[2])
        redis.call('HSET', KEYS[1], 'd', ARGV[3])
        return 1
        """);

    public async Task<bool> CreateAsync(Room room, RoomState state, CancellationToken cancellationToken)
    {
        var claimed = await connection.RunAsync(db => db.StringSetAsync(Keys.RoomCode(room.Code), room.Id, TimeSpan.FromDays(2), When.NotExists), cancellationToken);
        if (!claimed && (string?)await connection.RunAsync(db => db.StringGetAsync(Keys.RoomCode(room.Code)), cancellationToken) != room.Id)
        {
            return false;
        }

        // A retried create keeps the room as it stands (its state may have moved on): info and state only if absent,
        // as MemoryStore.CreateAsync does. The state's two fields are always written together, so NX on each is NX on both.
        await connection.DoAsync(db => Task.WhenAll(
            db.StringSetAsync(Keys.Room(room.Id, "info"), JsonSerializer.Serialize(room), TimeSpan.FromDays(30), When.NotExists),
            db.HashSetAsync(Keys.Room(room.Id, "state"), "v", state.Version, When.NotExists),
            db.HashSetAsync(Keys.Room(room.Id, "state"), "d", JsonSerializer.Serialize(state), When.NotExists),
            db.KeyExpireAsync(Keys.Room(room.Id, "state"), TimeSpan.FromDays(30)),
            db.SetAddAsync(Keys.ActiveRooms, room.Id)), cancellationToken);
        return true;
    }

    public async Task<Room?> GetRoomAsync(string roomId, CancellationToken cancellationToken)
    {
        var json = await connection.RunAsync(db => db.StringGetAsync(Keys.Room(roomId, "info")), cancellationToken);
        return json.IsNull ? null : JsonSerializer.Deserialize<Room>((string)json!);
    }

    public async Task<string?> FindByCodeAsync(string code, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.StringGetAsync(Keys.RoomCode(code)), cancellationToken);

    public async Task<RoomState?> GetStateAsync(string roomId, CancellationToken cancellationToken)
    {
        var json = await connection.RunAsync(db => db.HashGetAsync(Keys.Room(roomId, "state"), "d"), cancellationToken);
        return json.IsNull ? null : JsonSerializer.Deserialize<RoomState>((string)json!);
    }

    public async Task<bool> SaveStateAsync(string roomId, RoomState next, long expectedVersion, CancellationToken cancellationToken) =>
        (int)await connection.RunAsync(db => SaveState.EvaluateAsync(db, [Keys.Room(roomId, "state")], [expectedVersion, next.Version, JsonSerializer.Serialize(next)]), cancellationToken) == 1;

    public async Task<JoinOutcome> JoinAsync(string roomId, Participant participant, CancellationToken cancellationToken)
    {
        var state = await GetStateAsync(roomId, cancellationToken);
        if (state is null || state.Phase == RoomPhase.Finished)
        {
            return JoinOutcome.RoomClosed;
        }

        var added = await connection.RunAsync(async db =>
        {
            var undrop = db.SetRemoveAsync(Keys.Room(roomId, "drop"), participant.MemberId);
            var set = db.HashSetAsync(Keys.Room(roomId, "parts"), participant.MemberId, JsonSerializer.Serialize(participant), When.NotExists);
            await undrop;
            return await set;
        }, cancellationToken);
        return added ? JoinOutcome.Joined : JoinOutcome.AlreadyJoined;
    }

    public async Task<IReadOnlyList<Participant>> ParticipantsAsync(string roomId, CancellationToken cancellationToken)
    {
        var values = await connection.RunAsync(db => db.HashValuesAsync(Keys.Room(roomId, "parts")), cancellationToken);
        return values.Select(v => JsonSerializer.Deserialize<Participant>((string)v!)!).ToList();
    }

    public async Task<int> CountParticipantsAsync(string roomId, CancellationToken cancellationToken) =>
        (int)await connection.RunAsync(db => db.HashLengthAsync(Keys.Room(roomId, "parts")), cancellationToken);

    public async Task DropAsync(string roomId, string memberId, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => db.SetAddAsync(Keys.Room(roomId, "drop"), memberId), cancellationToken);

    public async Task<IReadOnlySet<string>> DroppedAsync(string roomId, CancellationToken cancellationToken) =>
        (await connection.RunAsync(db => db.SetMembersAsync(Keys.Room(roomId, "drop")), cancellationToken)).Select(v => (string)v!).ToHashSet(StringComparer.Ordinal);

    public async Task RecordPushesAsync(string roomId, int index, IReadOnlyList<(string MemberId, DateTimeOffset At)> pushes, CancellationToken cancellationToken)
    {
        foreach (var chunk in pushes.Chunk(2000))
        {
            await connection.DoAsync(db => db.HashSetAsync(Keys.Room(roomId, "push:" + index.ToString(CultureInfo.InvariantCulture)),
                chunk.Select(p => new HashEntry(p.MemberId, p.At.ToUnixTimeMilliseconds())).ToArray()), cancellationToken);
        }
    }

    public async Task<AnswerOutcome> AnswerAsync(string roomId, int index, string memberId, bool correct, DateTimeOffset at, DateTimeOffset openedAt, TimeSpan timer,
        CompetitionScoring scoring, CancellationToken cancellationToken)
    {
        var i = index.ToString(CultureInfo.InvariantCulture);
        RedisKey[] keys = [Keys.Room(roomId, "parts"), Keys.Room(roomId, "ans:" + i), Keys.Room(roomId, "push:" + i), Keys.Room(roomId, "streak"), Keys.Room(roomId, "score")];
        RedisValue[] args = [memberId, index, correct ? "1" : "0", at.ToUnixTimeMilliseconds(), openedAt.ToUnixTimeMilliseconds(), (long)timer.TotalMilliseconds,
            scoring.Points, scoring.StreakBonus, scoring.StreakBonusCap, scoring.FullPointsWithinMs];
        var result = (RedisResult[])(await connection.RunAsync(db => Answer.EvaluateAsync(db, keys, args), cancellationToken))!;
        var status = (string)result[0]!;
        return status switch
        {
            "notopen" => new AnswerOutcome(AnswerStatus.NotOpen),
            "dup" => DecodeAnswer((string)result[1]!, AnswerStatus.Duplicate),
            "late" => DecodeAnswer((string)result[1]!, AnswerStatus.Late),
            _ => DecodeAnswer((string)result[1]!, AnswerStatus.Accepted),
        };
    }

    public async Task<IReadOnlyList<Standing>> StandingsAsync(string roomId, CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.SortedSetRangeByRankWithScoresAsync(Keys.Room(roomId, "score"), 0, -1, Order.Descending), cancellationToken);
        return entries.Select((e, i) => new Standing(e.Element!, (int)e.Score, i + 1)).ToList();
    }

    public async Task<IReadOnlyDictionary<string, AnswerOutcome>> AnswersAsync(string roomId, int index, CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.HashGetAllAsync(Keys.Room(roomId, "ans:" + index.ToString(CultureInfo.InvariantCulture))), cancellationToken);
        return entries.ToDictionary(e => (string)e.Name!, e => DecodeAnswer((string)e.Value!, AnswerStatus.Accepted));
    }

    public async Task<IReadOnlyList<string>> ActiveRoomsAsync(CancellationToken cancellationToken) =>
        (await connection.RunAsync(db => db.SetMembersAsync(Keys.ActiveRooms), cancellationToken)).Select(v => (string)v!).ToList();

    public async Task FinishAsync(Room room, CompetitionResult result, CancellationToken cancellationToken)
    {
        if (!await connection.RunAsync(db => db.SetRemoveAsync(Keys.ActiveRooms, room.Id), cancellationToken))
        {
            return;
        }

        await connection.DoAsync(db => Task.WhenAll(
            db.ListLeftPushAsync(Keys.RoomResults, JsonSerializer.Serialize(result)),
            db.ListTrimAsync(Keys.RoomResults, 0, 999),
            DeleteIfEquals.EvaluateAsync(db, [Keys.RoomCode(room.Code)], [room.Id])), cancellationToken);
    }

    public async Task ExpireAsync(Room room, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => Task.WhenAll(
            db.SetRemoveAsync(Keys.ActiveRooms, room.Id),
            DeleteIfEquals.EvaluateAsync(db, [Keys.RoomCode(room.Code)], [room.Id])), cancellationToken);

    public async Task<IReadOnlyList<CompetitionResult>> ResultsAsync(int count, CancellationToken cancellationToken)
    {
        var values = await connection.RunAsync(db => db.ListRangeAsync(Keys.RoomResults, 0, count - 1), cancellationToken);
        return values.Select(v => JsonSerializer.Deserialize<CompetitionResult>((string)v!)!).ToList();
    }

    /// <summary>"correct|points|elapsed ms|streak".</summary>
    private static AnswerOutcome DecodeAnswer(string value, AnswerStatus status)
    {
        var p = value.Split('|');
        return new AnswerOutcome(status, p[0] == "1", int.Parse(p[1], CultureInfo.InvariantCulture), long.Parse(p[2], CultureInfo.InvariantCulture), int.Parse(p[3], CultureInfo.InvariantCulture));
    }
}
