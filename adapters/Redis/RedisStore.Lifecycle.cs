using System.Globalization;
using System.Text.Json;
using BranchBot.Core.Members;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : IMemberLifecycleStore
{
    /// <summary>What a scrubbed secret is replaced by inside a value that stays.</summary>
    internal const string Scrubbed = "[已删除]";

    // KEYS: member, history, openid index of the openid read before, the left set of the branch read before. ARGV: standing,
    // since, note, entry JSON, that openid ('' if none), that branch, member id.
    // Returns 'notfound', 'same' (already off the roll), 'retry' (the binding changed meanwhile) or 'left:<openid>'.
    // Twin: MemoryStore.Lifecycle.cs LeaveAsync; held together by MemberLifecycleContractTests.Leave_*.
    private static readonly RedisScript Leave = new("""
        if redis.call('EXISTS', KEYS[1]) == 0 then return 'notfound' end
        local standing = redis.call('HGET', KEYS[1], 'standing')
        if standing and standing ~= '' and standing ~= '0' then return 'same' end
        local oid = redis.call('HGET', KEYS[1], 'openid') or ''
        if oid ~= ARGV[5] or redis.call('HGET', KEYS[1], 'branch') ~= ARGV[6] then return 'retry' end
        redis.call('SADD', KEYS[4], ARGV[7])
        if oid ~= '' then
          redis.call('DEL', KEYS[3])
          redis.call('HDEL', KEYS[1], 'openid')
          redis.call('HSET', KEYS[1], 'left-oid', oid)
        end
        redis.call('HSET', KEYS[1], 'standing', ARGV[1], 'since', ARGV[2], 'note', ARGV[3])
        redis.call('RPUSH', KEYS[2], ARGV[4])
        return 'left:' .. oid
        """);

    // KEYS: member, history, old branch set, new branch set, old left set, new left set. ARGV: branch, group, entry JSON,
    // the branch read before, member id.
    // Returns 'notfound', 'same', 'retry' or 'moved'.
    // Twin: MemoryStore.Lifecycle.cs MoveAsync; held together by MemberLifecycleContractTests.Move_*.
    private static readonly RedisScript Move = new("""
        if redis.call('EXISTS', KEYS[1]) == 0 then return 'notfound' end
        local branch = redis.call('HGET', KEYS[1], 'branch')
        local group = redis.call('HGET', KEYS[1], 'group') or ''
        if branch ~= ARGV[4] then return 'retry' end
        if branch == ARGV[1] and group == ARGV[2] then return 'same' end
        local id = ARGV[5]
        redis.call('SREM', KEYS[3], id)
        redis.call('SADD', KEYS[4], id)
        if redis.call('SREM', KEYS[5], id) == 1 then redis.call('SADD', KEYS[6], id) end
        redis.call('HSET', KEYS[1], 'branch', ARGV[1], 'group', ARGV[2])
        redis.call('RPUSH', KEYS[2], ARGV[3])
        return 'moved'
        """);

    // KEYS: one key. ARGV: old id, anonymous id, scrub text, then the secrets. Rewrites the key's content in place: the old
    // id becomes the anonymous one everywhere; a hash field, set or zset member holding a secret is removed; a string,
    // hash value or list item holding one has it scrubbed. Returns 1 if anything changed. Plain (not pattern) matching.
    // Twin: StoreRewriter.cs in the memory store; held together by MemberErasureTests.
    private static readonly RedisScript ScrubKey = new("""
        local function has(s, needle) return string.find(s, needle, 1, true) ~= nil end
        local function replace(s, old, new)
          local out, i = {}, 1
          while true do
            local a, b = string.find(s, old, i, true)
            if not a then break end
            table.insert(out, string.sub(s, i, a - 1))
            table.insert(out, new)
            i = b + 1
          end
          table.insert(out, string.sub(s, i))
          return table.concat(out)
        end
        local function secret(s)
          for i = 4, #ARGV do if ARGV[i] ~= '' and has(s, ARGV[i]) then return true end end
          return false
        end
        local function fix(s)
          for i = 4, #ARGV do if ARGV[i] ~= '' then s = replace(s, ARGV[i], ARGV[3]) end end
          return replace(s, ARGV[1], ARGV[2])
        end
        local function rename(s) return replace(s, ARGV[1], ARGV[2]) end
        local t = redis.call('TYPE', KEYS[1])['ok']
        local changed = 0
        if t == 'string' then
          local v = redis.call('GET', KEYS[1])
          local n = fix(v)
          if n ~= v then
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl > 0 then redis.call('SET', KEYS[1], n, 'PX', ttl) else redis.call('SET', KEYS[1], n, 'KEEPTTL') end
            changed = 1
          end
        elseif t == 'hash' then
          local all = redis.call('HGETALL', KEYS[1])
          for i = 1, #all, 2 do
            local f, v = all[i], all[i + 1]
            if secret(f) then
              redis.call('HDEL', KEYS[1], f); changed = 1
            else
              local nf, nv = rename(f), fix(v)
              if nf ~= f then redis.call('HDEL', KEYS[1], f) end
              if nf ~= f or nv ~= v then redis.call('HSET', KEYS[1], nf, nv); changed = 1 end
            end
          end
        elseif t == 'set' then
          for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            if secret(m) then
              redis.call('SREM', KEYS[1], m); changed = 1
            elseif has(m, ARGV[1]) then
              redis.call('SREM', KEYS[1], m); redis.call('SADD', KEYS[1], rename(m)); changed = 1
            end
          end
        elseif t == 'zset' then
          local all = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
          for i = 1, #all, 2 do
            local m, score = all[i], all[i + 1]
            if secret(m) then
              redis.call('ZREM', KEYS[1], m); changed = 1
            elseif has(m, ARGV[1]) then
              redis.call('ZREM', KEYS[1], m); redis.call('ZADD', KEYS[1], score, rename(m)); changed = 1
            end
          end
        elseif t == 'list' then
          local all = redis.call('LRANGE', KEYS[1], 0, -1)
          for i, v in ipairs(all) do
            local n = fix(v)
            if n ~= v then redis.call('LSET', KEYS[1], i - 1, n); changed = 1 end
          end
        end
        return changed
        """);

    public async Task<LifecycleChange> LeaveAsync(string memberId, MemberStanding standing, DateOnly on, string? note, MemberHistoryEntry entry, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await connection.RunAsync(db => db.HashGetAsync(Keys.Member(memberId), ["openid", "branch"]), cancellationToken);
            var openId = (string?)read[0] ?? string.Empty;
            var branchId = (string?)read[1] ?? string.Empty;
            var result = (string)(await connection.RunAsync(db => Leave.EvaluateAsync(db,
                [Keys.Member(memberId), Keys.MemberHistory(memberId), Keys.OpenIdIndex(openId), Keys.BranchLeft(branchId)],
                [(int)standing, on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), note ?? string.Empty, JsonSerializer.Serialize(entry), openId, branchId, memberId]), cancellationToken))!;
            if (result == "retry")
            {
                continue;
            }

            var member = await GetMemberAsync(memberId, cancellationToken);
            if (!result.StartsWith("left:", StringComparison.Ordinal))
            {
                return new LifecycleChange(false, member);
            }

            var unbound = result["left:".Length..];
            if (unbound.Length > 0)
            {
                // The user's own slot: the profile goes (no member behind it now) and the user is remembered as a former member.
                await connection.DoAsync(db => Task.WhenAll(db.KeyDeleteAsync(Keys.Profile(unbound)), db.StringSetAsync(Keys.FormerMember(unbound), "1")), cancellationToken);
            }

            return new LifecycleChange(true, member, unbound.Length > 0 ? unbound : null);
        }
    }

    public async Task<LifecycleChange> MoveAsync(string memberId, string branchId, string? groupId, MemberHistoryEntry entry, CancellationToken cancellationToken)
    {
        await EnsureBranchIndexAsync(cancellationToken);
        while (true)
        {
            var before = await GetMemberAsync(memberId, cancellationToken);
            if (before is null)
            {
                return new LifecycleChange(false, null);
            }

            var result = (string)(await connection.RunAsync(db => Move.EvaluateAsync(db,
                [Keys.Member(memberId), Keys.MemberHistory(memberId), Keys.BranchMembers(before.BranchId), Keys.BranchMembers(branchId), Keys.BranchLeft(before.BranchId), Keys.BranchLeft(branchId)],
                [branchId, groupId ?? string.Empty, JsonSerializer.Serialize(entry), before.BranchId, memberId]), cancellationToken))!;
            if (result == "retry")
            {
                continue;
            }

            var member = await GetMemberAsync(memberId, cancellationToken);
            if (result == "moved" && member?.OpenId is { } openId)
            {
                // The bound user's profile carries the branch; rewriting it is idempotent.
                await connection.DoAsync(db => db.HashSetAsync(Keys.Profile(openId), ProfileCodec.Encode(new MemberProfile(member.Id, member.Name, member.BranchId, member.Role))), cancellationToken);
            }

            return new LifecycleChange(result == "moved", member);
        }
    }

    public async Task<IReadOnlyList<MemberHistoryEntry>> HistoryAsync(string memberId, CancellationToken cancellationToken)
    {
        var items = await connection.RunAsync(db => db.ListRangeAsync(Keys.MemberHistory(memberId)), cancellationToken);
        return items.Select(i => JsonSerializer.Deserialize<MemberHistoryEntry>((string)i!)!).ToList();
    }

    public Task<bool> IsFormerMemberAsync(string openId, CancellationToken cancellationToken) =>
        connection.RunAsync(db => db.KeyExistsAsync(Keys.FormerMember(openId)), cancellationToken);

    /// <summary>
    /// Scans every key under this store's prefix on every primary. A key whose name holds a secret is deleted; every
    /// other key has its content rewritten in place by one script (<see cref="ScrubKey"/>); a key whose name holds the
    /// old id is then copied to the new name and deleted (DUMP/RESTORE, not RENAME: on a cluster the new name may sit in
    /// another slot). Keys written by features added later are covered the same way. Runs again safely.
    /// </summary>
    public async Task<ErasureOutcome> EraseAsync(Erasure erasure, CancellationToken cancellationToken)
    {
        var fields = await connection.RunAsync(db => db.HashGetAsync(Keys.Member(erasure.MemberId), ["name", "phone", "openid", "left-oid"]), cancellationToken);
        if (fields[0].IsNull)
        {
            return new ErasureOutcome(false, 0, 0);
        }

        var secrets = new[] { erasure.Phone, (string?)fields[1], (string?)fields[2], (string?)fields[3] }
            .Concat(erasure.OpenIds).OfType<string>().Where(s => s.Length >= 6).Distinct(StringComparer.Ordinal).ToArray();

        // The name index is keyed by the name other members share: take the member out of it rather than scanning names.
        await connection.DoAsync(db => db.SetRemoveAsync(Keys.Name((string)fields[0]!), erasure.MemberId), cancellationToken);

        RedisValue[] args = [erasure.MemberId, erasure.AnonymousId, Scrubbed, .. secrets.Select(s => (RedisValue)s)];
        int changed = 0, deleted = 0;
        var db = await connection.DatabaseAsync(cancellationToken);
        foreach (var server in await connection.PrimariesAsync(cancellationToken))
        {
            await foreach (var key in server.KeysAsync(database: db.Database, pattern: connection.KeyPrefix + "*", pageSize: 500).WithCancellation(cancellationToken))
            {
                var name = (string)key!;
                if (secrets.Any(s => name.Contains(s, StringComparison.Ordinal)))
                {
                    deleted += await db.KeyDeleteAsync(key) ? 1 : 0;
                    continue;
                }

                changed += (int)await ScrubKey.EvaluateAsync(db, [key], args);
                if (name.Contains(erasure.MemberId, StringComparison.Ordinal))
                {
                    await MoveKeyAsync(db, key, name.Replace(erasure.MemberId, erasure.AnonymousId, StringComparison.Ordinal));
                    changed++;
                }
            }
        }

        await connection.DoAsync(d => Task.WhenAll(
            d.HashSetAsync(Keys.Member(erasure.AnonymousId), [new("name", erasure.AnonymousName), new("phone", string.Empty), new("sub", "0")]),
            d.HashDeleteAsync(Keys.Member(erasure.AnonymousId), ["openid", "left-oid"]),
            d.ListRightPushAsync(Keys.MemberHistory(erasure.AnonymousId), JsonSerializer.Serialize(erasure.Entry))), cancellationToken);
        return new ErasureOutcome(true, changed, deleted);
    }

    /// <summary>Copies a key under its new name with its time to live, then deletes the old one.</summary>
    private static async Task MoveKeyAsync(IDatabase db, RedisKey from, RedisKey to)
    {
        var dump = await db.KeyDumpAsync(from);
        if (dump is null)
        {
            return;
        }

        var ttl = await db.KeyTimeToLiveAsync(from);
        await db.KeyDeleteAsync(to);
        await db.KeyRestoreAsync(to, dump, ttl);
        await db.KeyDeleteAsync(from);
    }
}
