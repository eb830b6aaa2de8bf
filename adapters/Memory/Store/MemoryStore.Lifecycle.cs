using BranchBot.Core.Members;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IMemberLifecycleStore
{
    private readonly Dictionary<string, List<MemberHistoryEntry>> _history = new(StringComparer.Ordinal);
    private readonly HashSet<string> _formerOpenIds = new(StringComparer.Ordinal);

    // Twin of the Leave script in RedisStore.Lifecycle.cs.
    public Task<LifecycleChange> LeaveAsync(string memberId, MemberStanding standing, DateOnly on, string? note, MemberHistoryEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(memberId, out var member))
            {
                return Task.FromResult(new LifecycleChange(false, null));
            }

            if (!member.IsActive)
            {
                return Task.FromResult(new LifecycleChange(false, member));
            }

            var openId = member.OpenId;
            if (openId is not null)
            {
                _memberByOpenId.Remove(openId);
                _formerOpenIds.Add(openId);
                _formerOpenIdOf[memberId] = openId;
            }

            var left = member with { OpenId = null, Standing = standing, StandingSince = on, StandingNote = note };
            _members[memberId] = left;
            HistoryOf(memberId).Add(entry);
            return Task.FromResult(new LifecycleChange(true, left, openId));
        }
    }

    // Twin of the Move script in RedisStore.Lifecycle.cs.
    public Task<LifecycleChange> MoveAsync(string memberId, string branchId, string? groupId, MemberHistoryEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(memberId, out var member))
            {
                return Task.FromResult(new LifecycleChange(false, null));
            }

            if (member.BranchId == branchId && member.GroupId == groupId)
            {
                return Task.FromResult(new LifecycleChange(false, member));
            }

            var moved = member with { BranchId = branchId, GroupId = groupId };
            _members[memberId] = moved;
            HistoryOf(memberId).Add(entry);
            return Task.FromResult(new LifecycleChange(true, moved));
        }
    }

    public Task<IReadOnlyList<MemberHistoryEntry>> HistoryAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<MemberHistoryEntry>>(_history.TryGetValue(memberId, out var list) ? list.ToList() : []);
        }
    }

    public Task<bool> IsFormerMemberAsync(string openId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_formerOpenIds.Contains(openId));
        }
    }

    /// <summary>
    /// Twin of RedisStore.Lifecycle.cs EraseAsync: the same generic rewrite over every collection this store holds
    /// (including ones added later), by walking them (<see cref="StoreRewriter"/>) as the Redis store scans every key.
    /// </summary>
    public Task<ErasureOutcome> EraseAsync(Erasure erasure, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_members.TryGetValue(erasure.MemberId, out var member))
            {
                return Task.FromResult(new ErasureOutcome(false, 0, 0));
            }

            var openIds = erasure.OpenIds.Concat(_formerOpenIdOf.TryGetValue(erasure.MemberId, out var former) ? [former] : []).Append(member.OpenId).OfType<string>();
            var rewriter = new StoreRewriter(erasure.MemberId, erasure.AnonymousId, [erasure.Phone, .. openIds.Distinct(StringComparer.Ordinal)]);
            var (changed, deleted) = rewriter.RewriteFieldsOf(this);
            var anonymous = _members[erasure.AnonymousId];
            _members[erasure.AnonymousId] = anonymous with { Name = erasure.AnonymousName, Phone = string.Empty, OpenId = null, Subscribed = false };
            HistoryOf(erasure.AnonymousId).Add(erasure.Entry);
            return Task.FromResult(new ErasureOutcome(true, changed, deleted));
        }
    }

    /// <summary>The last WeChat user bound to a member who left, so a later deletion erases it too.</summary>
    private readonly Dictionary<string, string> _formerOpenIdOf = new(StringComparer.Ordinal);

    private List<MemberHistoryEntry> HistoryOf(string memberId) =>
        _history.TryGetValue(memberId, out var list) ? list : _history[memberId] = [];
}
