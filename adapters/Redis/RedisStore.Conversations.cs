using BranchBot.Core.Conversations;
using BranchBot.Core.Inbox;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : IConversationStore
{
    // KEYS: inbox, session, profile. ARGV: dedup ttl ms.
    // Returns {1, body} | {2} (in progress, marked retried) | {0, version, session, member id, name, branch, role}.
    // Twin: MemoryStore.Conversations.cs ClaimAsync; held together by StoreContractTests.Claim_*.
    private static readonly RedisScript Claim = new("""
        local body = redis.call('HGET', KEYS[1], 'b')
        if body then return {1, body} end
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('HSET', KEYS[1], 'x', '1')
          return {2}
        end
        redis.call('HSET', KEYS[1], 'p', '1')
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        local s = redis.call('HMGET', KEYS[2], 'v', 'd')
        local p = redis.call('HMGET', KEYS[3], 'id', 'name', 'branch', 'role')
        return {0, s[1] or '0', s[2] or '', p[1] or '', p[2] or '', p[3] or '', p[4] or ''}
        """);

    // KEYS: inbox, session. ARGV: changed, expected version, session json, session ttl ms, reply body, dedup ttl ms,
    // body stored instead when a retry was answered meanwhile.
    // Returns {0} on a version conflict (nothing written) or {1, retried}.
    // Twin: MemoryStore.Conversations.cs CommitAsync; held together by StoreContractTests.Commit_*.
    private static readonly RedisScript Commit = new("""
        if ARGV[1] == '1' then
          local v = tonumber(redis.call('HGET', KEYS[2], 'v') or '0')
          if v ~= tonumber(ARGV[2]) then return {0} end
          redis.call('HMSET', KEYS[2], 'v', tostring(v + 1), 'd', ARGV[3])
        end
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        local retried = redis.call('HGET', KEYS[1], 'x')
        if retried then redis.call('HSET', KEYS[1], 'b', ARGV[7]) else redis.call('HSET', KEYS[1], 'b', ARGV[5]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        if retried then return {1, 1} end
        return {1, 0}
        """);

    // KEYS: inbox. Deletes the claim unless it was completed.
    // Twin: MemoryStore.Conversations.cs AbandonAsync; held together by StoreContractTests.Abandon_UnfinishedClaim_LetsTheRetryProcessAgain.
    private static readonly RedisScript Abandon = new("""
        if redis.call('HEXISTS', KEYS[1], 'b') == 0 then redis.call('DEL', KEYS[1]) end
        return 0
        """);

    public async Task<InboxClaim> ClaimAsync(string inboxKey, string openId, CancellationToken cancellationToken)
    {
        var keys = new[] { Keys.Inbox(openId, inboxKey), Keys.Session(openId), Keys.Profile(openId) };
        var result = (RedisResult[])(await connection.RunAsync(
            db => Claim.EvaluateAsync(db, keys, [Ms(Options.DedupTtl)]), cancellationToken))!;
        return (int)result[0] switch
        {
            1 => new InboxClaim.Completed((string)result[1]!),
            2 => new InboxClaim.InProgress(),
            _ => new InboxClaim.Claimed(
                Snapshot((string?)result[1], (string?)result[2]),
                ProfileCodec.Decode((string?)result[3], (string?)result[4], (string?)result[5], (string?)result[6])),
        };
    }

    public async Task<CommitOutcome> CommitAsync(string inboxKey, string openId, SessionUpdate update, string replyBody, string deferredBody, CancellationToken cancellationToken)
    {
        var keys = new[] { Keys.Inbox(openId, inboxKey), Keys.Session(openId) };
        RedisValue[] args =
        [
            update.Session is null ? "0" : "1",
            update.ExpectedVersion,
            update.Session is null ? string.Empty : SessionCodec.Encode(update.Session),
            Ms(Options.SessionTtl),
            replyBody,
            Ms(Options.DedupTtl),
            deferredBody,
        ];
        var result = (RedisResult[])(await connection.RunAsync(db => Commit.EvaluateAsync(db, keys, args), cancellationToken))!;
        return (int)result[0] == 0
            ? new CommitOutcome.Conflict()
            : new CommitOutcome.Committed((int)result[1] == 1);
    }

    public async Task<SessionSnapshot> LoadSessionAsync(string openId, CancellationToken cancellationToken)
    {
        var values = await connection.RunAsync(db => db.HashGetAsync(Keys.Session(openId), ["v", "d"]), cancellationToken);
        return Snapshot(values[0], values[1]);
    }

    public async Task AbandonAsync(string inboxKey, string openId, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => Abandon.EvaluateAsync(db, [Keys.Inbox(openId, inboxKey)], []), cancellationToken);

    private static SessionSnapshot Snapshot(string? version, string? json) =>
        long.TryParse(version, out var v) && v > 0 ? new SessionSnapshot(SessionCodec.Decode(json), v) : SessionSnapshot.New;
}
