using System.Globalization;
using System.Security.Cryptography;
using BranchBot.Core.Members;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : IMemberStore
{
    private volatile bool _branchIndexReady;
    private volatile bool _leftIndexReady;

    private static readonly RedisValue[] MemberFields = ["name", "phone", "branch", "group", "status", "role", "openid", "sub", "post", "standing", "since", "note"];

    // KEYS: member, openid index. ARGV: openid, member id. The member and the index share the {org} slot.
    // Twin: MemoryStore.Members.cs BindOpenIdAsync; held together by MemberStoreContractTests.Bind_*.
    private static readonly RedisScript Bind = new("""
        if redis.call('EXISTS', KEYS[1]) == 0 then return 'notfound' end
        local standing = redis.call('HGET', KEYS[1], 'standing')
        if standing and standing ~= '' and standing ~= '0' then return 'notfound' end
        local current = redis.call('HGET', KEYS[1], 'openid')
        if current and current ~= '' then
          if current == ARGV[1] then return 'same' end
          return 'elsewhere'
        end
        local other = redis.call('GET', KEYS[2])
        if other and other ~= ARGV[2] then return 'other' end
        redis.call('HMSET', KEYS[1], 'openid', ARGV[1], 'sub', '1')
        redis.call('SET', KEYS[2], ARGV[2])
        return 'bound'
        """);

    // KEYS: member, openid index. ARGV: openid expected on the member.
    // Twin: MemoryStore.Members.cs UnbindAsync; held together by MemberStoreContractTests.Unbind_*.
    private static readonly RedisScript Unbind = new("""
        if redis.call('HGET', KEYS[1], 'openid') ~= ARGV[1] then return 0 end
        redis.call('HDEL', KEYS[1], 'openid')
        redis.call('DEL', KEYS[2])
        return 1
        """);

    // Twin: MemoryStore.Members.cs RedeemBindingCodeAsync; held together by MemberStoreContractTests.BindingCode_*.
    private static readonly RedisScript Redeem = new("""
        local v = redis.call('GET', KEYS[1])
        if v then redis.call('DEL', KEYS[1]) end
        return v
        """);

    public async Task<Member?> GetMemberAsync(string memberId, CancellationToken cancellationToken) =>
        (await GetManyAsync([memberId], cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<Member>> GetManyAsync(IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        if (memberIds.Count == 0)
        {
            return [];
        }

        var rows = await connection.RunAsync(
            db => Task.WhenAll(memberIds.Select(id => db.HashGetAsync(Keys.Member(id), MemberFields))), cancellationToken);
        return memberIds.Zip(rows).Select(p => ReadMember(p.First, p.Second)).OfType<Member>().ToList();
    }

    public async Task<IReadOnlyList<Member>> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var ids = await connection.RunAsync(db => db.SetMembersAsync(Keys.Name(name)), cancellationToken);
        return await GetManyAsync(ids.Select(id => (string)id!).ToArray(), cancellationToken);
    }

    public async Task<IReadOnlyList<Member>> ListAllAsync(CancellationToken cancellationToken)
    {
        var ids = await connection.RunAsync(db => db.SetMembersAsync(Keys.Members), cancellationToken);
        return await GetManyAsync(ids.Select(id => (string)id!).ToArray(), cancellationToken);
    }

    public async Task<IReadOnlyList<OrgUnit>> ListUnitsAsync(CancellationToken cancellationToken)
    {
        var ids = (await connection.RunAsync(db => db.SetMembersAsync(Keys.Units), cancellationToken)).Select(id => (string)id!).ToArray();
        var rows = await connection.RunAsync(db => Task.WhenAll(ids.Select(id => db.HashGetAsync(Keys.Unit(id), ["name", "kind", "parent"]))), cancellationToken);
        return ids.Zip(rows)
            .Where(p => !p.Second[0].IsNull)
            .Select(p => new OrgUnit(p.First, p.Second[0]!, (OrgUnitKind)(int)p.Second[1], p.Second[2].IsNullOrEmpty ? null : (string)p.Second[2]!))
            .ToList();
    }

    public async Task<MemberPage> QueryAsync(MemberQuery query, CancellationToken cancellationToken)
    {
        await EnsureBranchIndexAsync(cancellationToken);
        var key = query.BranchId is null ? Keys.Members : Keys.BranchMembers(query.BranchId);
        var ids = (await connection.RunAsync(db => db.SetMembersAsync(key), cancellationToken)).Select(id => (string)id!).ToArray();

        // One pipelined batch of reads for the whole branch (or roster); the name sort needs them all anyway.
        var members = await GetManyAsync(ids, cancellationToken);
        return query.PageOf(members.Where(query.Matches));
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByBranchAsync(CancellationToken cancellationToken)
    {
        await EnsureBranchIndexAsync(cancellationToken);
        await EnsureLeftIndexAsync(cancellationToken);
        var branches = (await ListUnitsAsync(cancellationToken)).Where(u => u.Kind == OrgUnitKind.Branch).Select(u => u.Id).ToArray();
        var counts = await connection.RunAsync(db => Task.WhenAll(branches.SelectMany(b => new[] { db.SetLengthAsync(Keys.BranchMembers(b)), db.SetLengthAsync(Keys.BranchLeft(b)) })), cancellationToken);
        return branches.Select((b, i) => (b, Count: (int)(counts[2 * i] - counts[2 * i + 1]))).ToDictionary(p => p.b, p => p.Count, StringComparer.Ordinal);
    }

    /// <summary>Members who left before the left sets existed get them once; adding is idempotent, so a race is harmless.</summary>
    private async Task EnsureLeftIndexAsync(CancellationToken cancellationToken)
    {
        if (_leftIndexReady || await connection.RunAsync(db => db.KeyExistsAsync(Keys.BranchLeftReady), cancellationToken))
        {
            _leftIndexReady = true;
            return;
        }

        var former = (await ListAllAsync(cancellationToken)).Where(m => !m.IsActive).ToList();
        await connection.DoAsync(db => Task.WhenAll(former.Select(m => db.SetAddAsync(Keys.BranchLeft(m.BranchId), m.Id))), cancellationToken);
        await connection.DoAsync(db => db.StringSetAsync(Keys.BranchLeftReady, "1"), cancellationToken);
        _leftIndexReady = true;
    }

    /// <summary>Rosters imported before the branch sets existed get them once; adding is idempotent, so a race is harmless.</summary>
    private async Task EnsureBranchIndexAsync(CancellationToken cancellationToken)
    {
        if (_branchIndexReady || await connection.RunAsync(db => db.KeyExistsAsync(Keys.BranchIndexReady), cancellationToken))
        {
            _branchIndexReady = true;
            return;
        }

        var all = await ListAllAsync(cancellationToken);
        await connection.DoAsync(db => Task.WhenAll(all.Select(m => db.SetAddAsync(Keys.BranchMembers(m.BranchId), m.Id))), cancellationToken);
        await connection.DoAsync(db => db.StringSetAsync(Keys.BranchIndexReady, "1"), cancellationToken);
        _branchIndexReady = true;
    }

    public async Task<RosterImportOutcome> ImportAsync(RosterPlanResult plan, CancellationToken cancellationToken)
    {
        var existing = (await GetManyAsync(plan.Members.Select(m => m.Id).ToArray(), cancellationToken)).ToDictionary(m => m.Id);
        var knownUnits = (await connection.RunAsync(db => db.SetMembersAsync(Keys.Units), cancellationToken)).Select(v => (string)v!).ToHashSet();

        var db = await connection.DatabaseAsync(cancellationToken);
        var transaction = db.CreateTransaction();
        var writes = new List<Task>();
        foreach (var unit in plan.Units)
        {
            writes.Add(transaction.HashSetAsync(Keys.Unit(unit.Id), [new("name", unit.Name), new("kind", (int)unit.Kind), new("parent", unit.ParentId ?? string.Empty)]));
            writes.Add(transaction.SetAddAsync(Keys.Units, unit.Id));
        }

        int added = 0, updated = 0;
        var profiles = new List<(string OpenId, MemberProfile Profile)>();
        foreach (var member in plan.Members)
        {
            var old = existing.GetValueOrDefault(member.Id);
            var merged = member with
            {
                OpenId = old?.OpenId, Subscribed = old?.Subscribed ?? true,
                Standing = old?.Standing ?? MemberStanding.Active, StandingSince = old?.StandingSince, StandingNote = old?.StandingNote,
            };
            if (old is null)
            {
                added++;
            }
            else if (old != merged)
            {
                updated++;
            }

            if (old is not null && old.Name != member.Name)
            {
                writes.Add(transaction.SetRemoveAsync(Keys.Name(old.Name), member.Id));
            }

            if (old is not null && old.BranchId != member.BranchId)
            {
                writes.Add(transaction.SetRemoveAsync(Keys.BranchMembers(old.BranchId), member.Id));
                if (!old.IsActive)
                {
                    writes.Add(transaction.SetRemoveAsync(Keys.BranchLeft(old.BranchId), member.Id));
                    writes.Add(transaction.SetAddAsync(Keys.BranchLeft(member.BranchId), member.Id));
                }
            }

            writes.Add(transaction.SetAddAsync(Keys.BranchMembers(member.BranchId), member.Id));

            writes.Add(transaction.HashSetAsync(Keys.Member(member.Id),
            [
                new("name", member.Name), new("phone", member.Phone), new("branch", member.BranchId), new("group", member.GroupId ?? string.Empty),
                new("status", (int)member.Status), new("role", (int)member.Role), new("sub", merged.Subscribed ? "1" : "0"), new("post", (int)member.EffectivePost),
            ]));
            writes.Add(transaction.SetAddAsync(Keys.Members, member.Id));
            writes.Add(transaction.SetAddAsync(Keys.Name(member.Name), member.Id));
            if (merged.OpenId is { } openId)
            {
                profiles.Add((openId, new MemberProfile(member.Id, member.Name, member.BranchId, member.Role)));
            }
        }

        if (!await connection.CommitAsync(transaction, cancellationToken))
        {
            throw new InvalidOperationException("roster import transaction was not applied");
        }

        await Task.WhenAll(writes);

        // Profiles live in each user's slot; rewriting them is idempotent, so a crash here is mended by re-importing.
        await connection.DoAsync(d => Task.WhenAll(profiles.Select(p => d.HashSetAsync(Keys.Profile(p.OpenId), ProfileCodec.Encode(p.Profile)))), cancellationToken);
        return new RosterImportOutcome(plan.Units.Count(u => !knownUnits.Contains(u.Id)), added, updated);
    }

    public async Task<BindOutcome> BindOpenIdAsync(string memberId, string openId, CancellationToken cancellationToken)
    {
        var result = (string?)await connection.RunAsync(
            db => Bind.EvaluateAsync(db, [Keys.Member(memberId), Keys.OpenIdIndex(openId)], [openId, memberId]), cancellationToken);
        if (result is "bound" or "same" && await GetMemberAsync(memberId, cancellationToken) is { } member)
        {
            // The profile sits in the user's own slot; writing it again on "same" mends a crash between the two steps.
            await connection.DoAsync(db => Task.WhenAll(
                db.HashSetAsync(Keys.Profile(openId), ProfileCodec.Encode(new MemberProfile(member.Id, member.Name, member.BranchId, member.Role))),
                db.KeyDeleteAsync(Keys.FormerMember(openId))), cancellationToken);
        }

        return result switch
        {
            "bound" => BindOutcome.Bound,
            "same" => BindOutcome.AlreadyBoundToYou,
            "elsewhere" => BindOutcome.MemberBoundElsewhere,
            "other" => BindOutcome.OpenIdBoundToOther,
            _ => BindOutcome.NotFound,
        };
    }

    public async Task<bool> UnbindAsync(string memberId, CancellationToken cancellationToken)
    {
        var openId = (string?)await connection.RunAsync(db => db.HashGetAsync(Keys.Member(memberId), "openid"), cancellationToken);
        if (string.IsNullOrEmpty(openId))
        {
            return false;
        }

        var removed = (int)await connection.RunAsync(db => Unbind.EvaluateAsync(db, [Keys.Member(memberId), Keys.OpenIdIndex(openId)], [openId]), cancellationToken) == 1;
        await connection.RunAsync(db => db.KeyDeleteAsync(Keys.Profile(openId)), cancellationToken);
        return removed;
    }

    public async Task<MemberProfile?> GetProfileAsync(string openId, CancellationToken cancellationToken)
    {
        var p = await connection.RunAsync(db => db.HashGetAsync(Keys.Profile(openId), ["id", "name", "branch", "role"]), cancellationToken);
        return ProfileCodec.Decode(p[0], p[1], p[2], p[3]);
    }

    public async Task SetSubscribedAsync(string openId, bool subscribed, CancellationToken cancellationToken)
    {
        var memberId = (string?)await connection.RunAsync(db => db.StringGetAsync(Keys.OpenIdIndex(openId)), cancellationToken);
        if (memberId is not null)
        {
            await connection.DoAsync(db => db.HashSetAsync(Keys.Member(memberId), "sub", subscribed ? "1" : "0"), cancellationToken);
        }
    }

    public async Task<string> IssueBindingCodeAsync(string memberId, TimeSpan ttl, CancellationToken cancellationToken)
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetInt32(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
            if (await connection.RunAsync(db => db.StringSetAsync(Keys.BindingCode(code), memberId, ttl, When.NotExists), cancellationToken))
            {
                return code;
            }
        }
    }

    public async Task<string?> RedeemBindingCodeAsync(string code, CancellationToken cancellationToken) =>
        (string?)await connection.RunAsync(db => Redeem.EvaluateAsync(db, [Keys.BindingCode(code)], []), cancellationToken);

    private static Member? ReadMember(string id, RedisValue[] f)
    {
        if (f[0].IsNull)
        {
            return null;
        }

        return new Member(
            id,
            f[0]!,
            f[1]!,
            f[2]!,
            f[3].IsNullOrEmpty ? null : (string)f[3]!,
            (MemberStatus)(int)f[4],
            (MemberRole)(int)f[5],
            f[6].IsNullOrEmpty ? null : (string)f[6]!,
            f[7] != "0",
            f[8].IsNullOrEmpty ? null : (MemberPost)(int)f[8],
            f[9].IsNullOrEmpty ? MemberStanding.Active : (MemberStanding)(int)f[9],
            f[10].IsNullOrEmpty ? null : DateOnly.ParseExact((string)f[10]!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            f[11].IsNullOrEmpty ? null : (string)f[11]!);
    }
}
