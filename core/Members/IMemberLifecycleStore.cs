namespace BranchBot.Core.Members;

/// <summary>
/// Port for members leaving, moving and being erased. Each change is one atomic store step with its history entry,
/// and idempotent: the same change again (a retry, another instance) changes nothing and adds no entry.
/// </summary>
public interface IMemberLifecycleStore
{
    /// <summary>
    /// Takes the member off the roll with a standing other than 在册: the binding ends (the WeChat user is remembered
    /// as a former member, to be answered politely), the history gets <paramref name="entry"/>.
    /// </summary>
    Task<LifecycleChange> LeaveAsync(string memberId, MemberStanding standing, DateOnly on, string? note, MemberHistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>Moves the member to a branch and 党小组 (null: none); the bound user's profile follows.</summary>
    Task<LifecycleChange> MoveAsync(string memberId, string branchId, string? groupId, MemberHistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>The member's history, oldest first.</summary>
    Task<IReadOnlyList<MemberHistoryEntry>> HistoryAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>Whether this WeChat user was bound to a member who has left the roll.</summary>
    Task<bool> IsFormerMemberAsync(string openId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the member's personal information everywhere in the store (个人信息保护法 第四十七条): every key, field,
    /// member or value holding <see cref="Erasure.Phone"/> or one of <see cref="Erasure.OpenIds"/> is removed or
    /// scrubbed, and every mention of <see cref="Erasure.MemberId"/> becomes <see cref="Erasure.AnonymousId"/>, so
    /// ledgers, attendance, study and points stay and every figure is unchanged. Safe to run again.
    /// </summary>
    Task<ErasureOutcome> EraseAsync(Erasure erasure, CancellationToken cancellationToken);
}

/// <summary>Whether the change applied (false: already so, or no such member) and the member as they now stand.</summary>
public sealed record LifecycleChange(bool Applied, Member? Member, string? UnboundOpenId = null);

/// <summary>What to erase: the member's id, phone and every WeChat user ever bound; the anonymous id and name that stay.</summary>
public sealed record Erasure(string MemberId, string AnonymousId, string Phone, IReadOnlyList<string> OpenIds, string AnonymousName, MemberHistoryEntry Entry);

/// <summary>How many keys were rewritten (renamed or changed) and deleted.</summary>
public sealed record ErasureOutcome(bool Found, int KeysChanged, int KeysDeleted);
