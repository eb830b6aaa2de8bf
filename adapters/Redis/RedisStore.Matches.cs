using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using BranchBot.Core.Competitions;
using BranchBot.Core.Matches;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// 对战 and 四人赛. Matchmaking keys share the tag <c>{mm}</c> — who is where, the two queues, pending and due matches —
/// so queueing, matching, leaving and the sweep are one script each: a member is in at most one queue or match. A
/// match's keys share <c>{mt:id}</c>, so an answer is one script, scored as <see cref="CompetitionScoring"/> scores.
/// </summary>
public sealed partial class RedisStore : IMatchStore
{
    private static readonly TimeSpan MatchTtl = TimeSpan.FromDays(1);

    // Shared by the queue scripts. KEYS: where, players, duel queue, four queue, pending, due.
    // Takes the members out of their queue into a pending match due at once; its JSON is built from the players' own.
    private const string FormMatch = """
        local function form(q, ids, id, kind, now)
          local players = {}
          for _, m in ipairs(ids) do
            local p = redis.call('HGET', KEYS[2], m)
            if p then players[#players + 1] = p end
            redis.call('ZREM', q, m)
            redis.call('HDEL', KEYS[2], m)
            redis.call('HSET', KEYS[1], m, 'm:' .. id)
          end
          redis.call('HSET', KEYS[5], id, '{"k":' .. kind .. ',"at":' .. now .. ',"p":[' .. table.concat(players, ',') .. ']}')
          redis.call('ZADD', KEYS[6], now, id)
        end
        local function queue(kind)
          if kind == 4 then return KEYS[4] end
          return KEYS[3]
        end

        """;

    // ARGV: member, size, now ms, player JSON, match id. Returns {where, waiting}.
    private static readonly RedisScript Enqueue = new(FormMatch + """
        local where = redis.call('HGET', KEYS[1], ARGV[1])
        if where then
          local n = 0
          if where == 'q2' then n = redis.call('ZCARD', KEYS[3]) elseif where == 'q4' then n = redis.call('ZCARD', KEYS[4]) end
          return {where, n}
        end
        local size = tonumber(ARGV[2])
        local q = queue(size)
        redis.call('ZADD', q, ARGV[3], ARGV[1])
        redis.call('HSET', KEYS[1], ARGV[1], 'q' .. size)
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
        local n = redis.call('ZCARD', q)
        if n < size then return {'q' .. size, n} end
        form(q, redis.call('ZRANGE', q, 0, size - 1), ARGV[5], size, ARGV[3])
        return {'m:' .. ARGV[5], n}
        """);

    // ARGV: member. Returns 1 if they left a queue.
    private static readonly RedisScript LeaveQueue = new("""
        local where = redis.call('HGET', KEYS[1], ARGV[1])
        if where ~= 'q2' and where ~= 'q4' then return 0 end
        local q = KEYS[3]
        if where == 'q4' then q = KEYS[4] end
        redis.call('ZREM', q, ARGV[1])
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        return 1
        """);

    // ARGV: now ms, wait ms, lease ms, limit, short match id.
    // Returns {due count, (id, pending JSON or '')..., dropped count, (size, player JSON)...}.
    private static readonly RedisScript Sweep = new(FormMatch + """
        local now = tonumber(ARGV[1])
        local horizon = now - tonumber(ARGV[2])
        local dropped = {}
        for _, kind in ipairs({2, 4}) do
          local q = queue(kind)
          local first = redis.call('ZRANGE', q, 0, 0, 'WITHSCORES')
          if #first > 0 and tonumber(first[2]) <= horizon then
            local all = redis.call('ZRANGE', q, 0, kind - 1)
            if #all >= 2 then
              form(q, all, ARGV[5] .. '-' .. kind, kind, ARGV[1])
            else
              for _, m in ipairs(redis.call('ZRANGEBYSCORE', q, '-inf', horizon)) do
                dropped[#dropped + 1] = kind
                dropped[#dropped + 1] = redis.call('HGET', KEYS[2], m) or ''
                redis.call('ZREM', q, m)
                redis.call('HDEL', KEYS[2], m)
                redis.call('HDEL', KEYS[1], m)
              end
            end
          end
        end
        local due = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
        local out = {#due}
        for _, id in ipairs(due) do
          redis.call('ZADD', KEYS[6], now + tonumber(ARGV[3]), id)
          out[#out + 1] = id
          out[#out + 1] = redis.call('HGET', KEYS[5], id) or ''
        end
        out[#out + 1] = math.floor(#dropped / 2)
        for _, v in ipairs(dropped) do out[#out + 1] = v end
        return out
        """);

    // KEYS: where, due, pending. ARGV: match id, members...
    private static readonly RedisScript ReleaseMatch = new("""
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('HDEL', KEYS[3], ARGV[1])
        for i = 2, #ARGV do
          if redis.call('HGET', KEYS[1], ARGV[i]) == 'm:' .. ARGV[1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
        end
        return 1
        """);

    // KEYS: info, state, players, scores. ARGV: match JSON, progress JSON, ttl s, version, opened ms, members...
    private static readonly RedisScript CreateMatch = new("""
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[3]) then
          redis.call('HSET', KEYS[2], 'v', ARGV[4], 'd', ARGV[2], 'i', '-1', 'o', '0', 'at', ARGV[5])
          for i = 6, #ARGV do
            redis.call('HSET', KEYS[3], ARGV[i], '1')
            redis.call('ZADD', KEYS[4], 0, ARGV[i])
          end
          for i = 2, 4 do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
          return ARGV[1]
        end
        return redis.call('GET', KEYS[1])
        """);

    // KEYS: state. ARGV: expected version, new version, JSON, index, open flag, opened ms.
    private static readonly RedisScript SaveProgress = new("""
        if tonumber(redis.call('HGET', KEYS[1], 'v') or '-1') ~= tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3], 'i', ARGV[4], 'o', ARGV[5], 'at', ARGV[6])
        return 1
        """);

    // KEYS: sent. ARGV: stage, ttl s, members... Returns the members claimed now.
    private static readonly RedisScript ClaimPushes = new("""
        local claimed = {}
        for i = 3, #ARGV do
          if redis.call('HSETNX', KEYS[1], ARGV[1] .. ':' .. ARGV[i], '1') == 1 then claimed[#claimed + 1] = ARGV[i] end
        end
        redis.call('EXPIRE', KEYS[1], ARGV[2])
        return claimed
        """);

    // KEYS: state, players, answers, pushes, streaks, scores.
    // ARGV: member, verdicts, at ms, timer ms, P, streak bonus, bonus cap, full-points ms, ttl s.
    // Returns {status, index, "correct|points|elapsed|streak", answered}.
    private static readonly RedisScript AnswerMatch = new(LuaScoring.Function + """
        local st = redis.call('HMGET', KEYS[1], 'i', 'o', 'at')
        if not st[2] or st[2] == 'x' then return {'over', st[1] or '-1', '', 0} end
        if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return {'notplayer', st[1], '', 0} end
        if st[2] ~= '1' then return {'closed', st[1], '', 0} end
        local index = tonumber(st[1])
        local field = st[1] .. ':' .. ARGV[1]
        local previous = redis.call('HGET', KEYS[3], field)
        if previous then return {'dup', st[1], previous, tonumber(redis.call('HGET', KEYS[1], 'n:' .. st[1]) or '0')} end
        local verdict = string.sub(ARGV[2], index + 1, index + 1)
        if verdict ~= '1' and verdict ~= '0' then return {'unrecognised', st[1], '', 0} end
        local pushed = tonumber(redis.call('HGET', KEYS[4], field) or st[3])
        local elapsed = tonumber(ARGV[3]) - pushed
        if elapsed < 0 then elapsed = 0 end
        local timer = tonumber(ARGV[4])
        if elapsed > timer then return {'late', st[1], '', 0} end
        local points, streak = score(verdict == '1', elapsed, timer, index, redis.call('HGET', KEYS[5], ARGV[1]),
          tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]))
        redis.call('HSET', KEYS[5], ARGV[1], index .. '|' .. streak)
        local record = verdict .. '|' .. points .. '|' .. elapsed .. '|' .. streak
        redis.call('HSET', KEYS[3], field, record)
        if points > 0 then redis.call('ZINCRBY', KEYS[6], points, ARGV[1]) end
        local answered = redis.call('HINCRBY', KEYS[1], 'n:' .. st[1], 1)
        redis.call('EXPIRE', KEYS[3], ARGV[9])
        redis.call('EXPIRE', KEYS[5], ARGV[9])
        return {'ok', st[1], record, answered}
        """);

    private RedisKey[] MatchmakingKeys =>
    [
        Keys.Matchmaking("at"), Keys.Matchmaking("p"), Keys.Matchmaking("q:2"), Keys.Matchmaking("q:4"), Keys.Matchmaking("new"), Keys.Matchmaking("due"),
    ];

    public async Task<QueueOutcome> EnqueueAsync(MatchKind kind, MatchPlayer player, string matchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await connection.RunAsync(db => Enqueue.EvaluateAsync(db, MatchmakingKeys,
            [player.MemberId, (int)kind, now.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(player, MatchWire.Default.MatchPlayer), matchId]), cancellationToken))!;
        var where = DecodeWhere((string)result[0]!)!;
        var status = where.MatchId is not null ? QueueStatus.Playing : where.Queued == kind ? QueueStatus.Waiting : QueueStatus.WaitingElsewhere;
        return new QueueOutcome(status, where, (int)result[1]);
    }

    public async Task<bool> LeaveQueueAsync(string memberId, CancellationToken cancellationToken) =>
        (int)await connection.RunAsync(db => LeaveQueue.EvaluateAsync(db, MatchmakingKeys, [memberId]), cancellationToken) == 1;

    public async Task<MatchWhere?> WhereAsync(string memberId, CancellationToken cancellationToken) =>
        DecodeWhere(await connection.RunAsync(db => db.HashGetAsync(Keys.Matchmaking("at"), memberId), cancellationToken));

    public async Task<MatchSweep> SweepMatchesAsync(DateTimeOffset now, TimeSpan wait, TimeSpan lease, int limit, string shortMatchId, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await connection.RunAsync(db => Sweep.EvaluateAsync(db, MatchmakingKeys,
            [now.ToUnixTimeMilliseconds(), (long)wait.TotalMilliseconds, (long)lease.TotalMilliseconds, limit, shortMatchId]), cancellationToken))!;
        var due = new List<DueMatch>();
        var at = 1;
        for (var i = 0; i < (int)result[0]; i++, at += 2)
        {
            var id = (string)result[at]!;
            var pending = (string?)result[at + 1];
            due.Add(new DueMatch(id, string.IsNullOrEmpty(pending) ? null : DecodePending(id, pending)));
        }

        var dropped = new List<DroppedWaiter>();
        var count = (int)result[at++];
        for (var i = 0; i < count; i++, at += 2)
        {
            if ((string?)result[at + 1] is { Length: > 0 } json)
            {
                dropped.Add(new DroppedWaiter((MatchKind)(int)result[at], JsonSerializer.Deserialize(json, MatchWire.Default.MatchPlayer)!));
            }
        }

        return new MatchSweep(due, dropped);
    }

    public async Task<Match> CreateMatchAsync(Match match, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var progress = new MatchProgress(MatchPhase.Ready, -1, now, 1);
        RedisKey[] keys = [Keys.Match(match.Id, "info"), Keys.Match(match.Id, "state"), Keys.Match(match.Id, "players"), Keys.Match(match.Id, "score")];
        RedisValue[] args =
        [
            JsonSerializer.Serialize(match, MatchWire.Default.Match), JsonSerializer.Serialize(progress, MatchWire.Default.MatchProgress), (long)MatchTtl.TotalSeconds,
            progress.Version, now.ToUnixTimeMilliseconds(), .. match.Players.Select(p => (RedisValue)p.MemberId),
        ];
        var stored = (string)(await connection.RunAsync(db => CreateMatch.EvaluateAsync(db, keys, args), cancellationToken))!;
        await connection.DoAsync(db => db.HashDeleteAsync(Keys.Matchmaking("new"), match.Id), cancellationToken);
        return JsonSerializer.Deserialize(stored, MatchWire.Default.Match)!;
    }

    public async Task<Match?> GetMatchAsync(string matchId, CancellationToken cancellationToken)
    {
        var json = await connection.RunAsync(db => db.StringGetAsync(Keys.Match(matchId, "info")), cancellationToken);
        return json.IsNull ? null : JsonSerializer.Deserialize((string)json!, MatchWire.Default.Match);
    }

    public async Task<MatchProgress?> GetMatchProgressAsync(string matchId, CancellationToken cancellationToken)
    {
        var json = await connection.RunAsync(db => db.HashGetAsync(Keys.Match(matchId, "state"), "d"), cancellationToken);
        return json.IsNull ? null : JsonSerializer.Deserialize((string)json!, MatchWire.Default.MatchProgress);
    }

    public async Task<bool> SaveMatchProgressAsync(string matchId, MatchProgress next, long expectedVersion, CancellationToken cancellationToken)
    {
        var open = next.Phase switch { MatchPhase.Open => "1", MatchPhase.Ready => "0", _ => "x" };
        RedisValue[] args = [expectedVersion, next.Version, JsonSerializer.Serialize(next, MatchWire.Default.MatchProgress), next.Index, open, next.OpenedAt.ToUnixTimeMilliseconds()];
        return (int)await connection.RunAsync(db => SaveProgress.EvaluateAsync(db, [Keys.Match(matchId, "state")], args), cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<string>> ClaimMatchPushesAsync(string matchId, string stage, IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        RedisValue[] args = [stage, (long)MatchTtl.TotalSeconds, .. memberIds.Select(m => (RedisValue)m)];
        var claimed = (RedisResult[])(await connection.RunAsync(db => ClaimPushes.EvaluateAsync(db, [Keys.Match(matchId, "sent")], args), cancellationToken))!;
        return claimed.Select(c => (string)c!).ToList();
    }

    public async Task RecordMatchPushesAsync(string matchId, int index, IReadOnlyList<(string MemberId, DateTimeOffset At)> pushes, CancellationToken cancellationToken)
    {
        if (pushes.Count == 0)
        {
            return;
        }

        var i = index.ToString(CultureInfo.InvariantCulture);
        await connection.DoAsync(db => Task.WhenAll(
            db.HashSetAsync(Keys.Match(matchId, "push"), pushes.Select(p => new HashEntry(i + ":" + p.MemberId, p.At.ToUnixTimeMilliseconds())).ToArray()),
            db.KeyExpireAsync(Keys.Match(matchId, "push"), MatchTtl)), cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> MatchPushesAsync(string matchId, int index, CancellationToken cancellationToken) =>
        Of(await connection.RunAsync(db => db.HashGetAllAsync(Keys.Match(matchId, "push")), cancellationToken), index, v => DateTimeOffset.FromUnixTimeMilliseconds((long)v));

    public async Task<MatchAnswer> AnswerMatchAsync(string matchId, string memberId, string verdicts, DateTimeOffset at, TimeSpan timer, CompetitionScoring scoring, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [Keys.Match(matchId, "state"), Keys.Match(matchId, "players"), Keys.Match(matchId, "ans"), Keys.Match(matchId, "push"), Keys.Match(matchId, "streak"), Keys.Match(matchId, "score")];
        RedisValue[] args = [memberId, verdicts, at.ToUnixTimeMilliseconds(), (long)timer.TotalMilliseconds, scoring.Points, scoring.StreakBonus, scoring.StreakBonusCap, scoring.FullPointsWithinMs, (long)MatchTtl.TotalSeconds];
        var r = (RedisResult[])(await connection.RunAsync(db => AnswerMatch.EvaluateAsync(db, keys, args), cancellationToken))!;
        var index = int.Parse((string)r[1]!, CultureInfo.InvariantCulture);
        var status = (string)r[0]! switch
        {
            "ok" => MatchAnswerStatus.Accepted,
            "dup" => MatchAnswerStatus.Duplicate,
            "late" => MatchAnswerStatus.Late,
            "closed" => MatchAnswerStatus.Closed,
            "notplayer" => MatchAnswerStatus.NotPlayer,
            "unrecognised" => MatchAnswerStatus.Unrecognised,
            _ => MatchAnswerStatus.Over,
        };
        return status is MatchAnswerStatus.Accepted or MatchAnswerStatus.Duplicate
            ? DecodeMatchAnswer((string)r[2]!, status, index) with { Answered = (int)r[3] }
            : new MatchAnswer(status, index);
    }

    public async Task<IReadOnlyDictionary<string, MatchAnswer>> MatchAnswersAsync(string matchId, int index, CancellationToken cancellationToken) =>
        Of(await connection.RunAsync(db => db.HashGetAllAsync(Keys.Match(matchId, "ans")), cancellationToken), index, v => DecodeMatchAnswer(v!, MatchAnswerStatus.Accepted, index));

    public async Task<IReadOnlyDictionary<string, int>> MatchScoresAsync(string matchId, CancellationToken cancellationToken) =>
        (await connection.RunAsync(db => db.SortedSetRangeByRankWithScoresAsync(Keys.Match(matchId, "score")), cancellationToken))
        .ToDictionary(e => (string)e.Element!, e => (int)e.Score, StringComparer.Ordinal);

    public async Task ScheduleMatchAsync(string matchId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => db.SortedSetAddAsync(Keys.Matchmaking("due"), matchId, at.ToUnixTimeMilliseconds()), cancellationToken);

    public async Task WakeMatchAsync(string matchId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => db.SortedSetAddAsync(Keys.Matchmaking("due"), matchId, now.ToUnixTimeMilliseconds(), SortedSetWhen.Exists | SortedSetWhen.LessThan), cancellationToken);

    public async Task ReleaseMatchAsync(string matchId, IReadOnlyList<string> memberIds, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => ReleaseMatch.EvaluateAsync(db, [Keys.Matchmaking("at"), Keys.Matchmaking("due"), Keys.Matchmaking("new")],
            [matchId, .. memberIds.Select(m => (RedisValue)m)]), cancellationToken);

    private static MatchWhere? DecodeWhere(RedisValue value) => (string?)value switch
    {
        null => null,
        "q2" => MatchWhere.InQueue(MatchKind.Duel),
        "q4" => MatchWhere.InQueue(MatchKind.Four),
        var v when v.StartsWith("m:", StringComparison.Ordinal) => MatchWhere.InMatch(v[2..]),
        _ => null,
    };

    private static PendingMatch DecodePending(string id, string json)
    {
        var wire = JsonSerializer.Deserialize(json, MatchWire.Default.PendingWire)!;
        return new PendingMatch(id, (MatchKind)wire.K, wire.P, DateTimeOffset.FromUnixTimeMilliseconds(wire.At));
    }

    /// <summary>Entries "index:member" of one question, by member.</summary>
    private static Dictionary<string, T> Of<T>(HashEntry[] entries, int index, Func<RedisValue, T> decode)
    {
        var prefix = index.ToString(CultureInfo.InvariantCulture) + ":";
        return entries.Where(e => ((string)e.Name!).StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => ((string)e.Name!)[prefix.Length..], e => decode(e.Value), StringComparer.Ordinal);
    }

    /// <summary>"correct|points|elapsed ms|streak".</summary>
    private static MatchAnswer DecodeMatchAnswer(string value, MatchAnswerStatus status, int index)
    {
        var p = value.Split('|');
        return new MatchAnswer(status, index, p[0] == "1", int.Parse(p[1], CultureInfo.InvariantCulture), long.Parse(p[2], CultureInfo.InvariantCulture));
    }
}

/// <summary>A pending match as the queue scripts write it.</summary>
internal sealed record PendingWire([property: JsonPropertyName("k")] int K, [property: JsonPropertyName("at")] long At, [property: JsonPropertyName("p")] IReadOnlyList<MatchPlayer> P);

[JsonSerializable(typeof(MatchPlayer))]
[JsonSerializable(typeof(Match))]
[JsonSerializable(typeof(MatchProgress))]
[JsonSerializable(typeof(PendingWire))]
internal sealed partial class MatchWire : JsonSerializerContext;
