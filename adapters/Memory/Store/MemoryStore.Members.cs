using System.Security.Cryptography;
using BranchBot.Core.Members;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IMemberStore
{
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrgUnit> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _memberByOpenId = new(StringComparer.Ordinal);

    public Task<Member?> GetMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_members.GetValueOrDefault(memberId));
        }
    }

    public Task<IReadOnlyList<Member>> GetManyAsync(IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Member>>(memberIds.Select(_members.GetValueOrDefault).OfType<Member>().ToList());
        }
    }

    public Task<IReadOnlyList<Member>> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Member>>(_members.Values.Where(m => m.Name == name).ToList());
        }
    }

    public Task<IReadOnlyList<Member>> ListAllAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Member>>(_members.Values.ToList());
        }
    }

    public Task<IReadOnlyList<OrgUnit>> ListUnitsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<OrgUnit>>(_units.Values.ToList());
        }
    }

    public Task<MemberPage> QueryAsync(MemberQuery query, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(query.PageOf(_members.Values.Where(query.Matches)));
        }
    }

    public Task<IReadOnlyDictionary<string, int>> CountByBranchAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, int>>(_members.Values.GroupBy(m => m.BranchId).ToDictionary(g => g.Key, g => g.Count(m => m.IsActive), StringComparer.Ordinal));
        }
    }

    public Task<RosterImportOutcome> ImportAsync(RosterPlanResult plan, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var unitsAdded = 0;
            foreach (var unit in plan.Units)
            {
                unitsAdded += _units.ContainsKey(unit.Id) ? 0 : 1;
                _units[unit.Id] = unit;
            }

            int added = 0, updated = 0;
            foreach (var member in plan.Members)
            {
                if (_members.TryGetValue(member.Id, out var existing))
                {
                    var merged = member with
                    {
                        OpenId = existing.OpenId, Subscribed = existing.Subscribed,
                        Standing = existing.Standing, StandingSince = existing.StandingSince, StandingNote = existing.StandingNote,
                    };
                    updated += merged == existing ? 0 : 1;
                    _members[member.Id] = merged;
                }
                else
                {
                    added++;
                    _members[member.Id] = member with { OpenId = null, Subscribed = true };
                }
            }

            return Task.FromResult(new RosterImportOutcome(unitsAdded, added, updated));
        }
    }

    // Twin of the Bind script in RedisStore.Members.cs.
    public Task<BindOutcome> BindOpenIdAsync(string memberId, string openId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(memberId, out var member) || !member.IsActive)
            {
                return Task.FromResult(BindOutcome.NotFound);
            }

            if (member.OpenId is { } current)
            {
                return Task.FromResult(current == openId ? BindOutcome.AlreadyBoundToYou : BindOutcome.MemberBoundElsewhere);
            }

            if (_memberByOpenId.TryGetValue(openId, out var other) && other != memberId)
            {
                return Task.FromResult(BindOutcome.OpenIdBoundToOther);
            }

            _members[memberId] = member with { OpenId = openId, Subscribed = true };
            _memberByOpenId[openId] = memberId;
            _formerOpenIds.Remove(openId);
            return Task.FromResult(BindOutcome.Bound);
        }
    }

    // Twin of the Unbind script in RedisStore.Members.cs.
    public Task<bool> UnbindAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(memberId, out var member) || member.OpenId is null)
            {
                return Task.FromResult(false);
            }

            _memberByOpenId.Remove(member.OpenId);
            _members[memberId] = member with { OpenId = null };
            return Task.FromResult(true);
        }
    }

    public Task<MemberProfile?> GetProfileAsync(string openId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(ProfileOf(openId));
        }
    }

    public Task SetSubscribedAsync(string openId, bool subscribed, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_memberByOpenId.TryGetValue(openId, out var id))
            {
                _members[id] = _members[id] with { Subscribed = subscribed };
            }
        }

        return Task.CompletedTask;
    }

    public Task<string> IssueBindingCodeAsync(string memberId, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            string code;
            do
            {
                code = RandomNumberGenerator.GetInt32(100_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            while (Read<Shared>(CodeKey(code)) is not null);

            Write(CodeKey(code), new Shared(memberId), ttl);
            return Task.FromResult(code);
        }
    }

    // Twin of the Redeem script in RedisStore.Members.cs.
    public Task<string?> RedeemBindingCodeAsync(string code, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var memberId = Read<Shared>(CodeKey(code))?.Value;
            _entries.Remove(CodeKey(code));
            return Task.FromResult(memberId);
        }
    }

    private MemberProfile? ProfileOf(string openId) =>
        _memberByOpenId.TryGetValue(openId, out var id) && _members.TryGetValue(id, out var m)
            ? new MemberProfile(m.Id, m.Name, m.BranchId, m.Role)
            : null;

    private static string CodeKey(string code) => "bindcode:" + code;
}
