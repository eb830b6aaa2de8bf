namespace BranchBot.Core.Members;

/// <summary>Port for the roster, the organisation tree and the binding of WeChat users to members.</summary>
public interface IMemberStore
{
    Task<Member?> GetMemberAsync(string memberId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Member>> GetManyAsync(IReadOnlyList<string> memberIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<Member>> FindByNameAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Member>> ListAllAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<OrgUnit>> ListUnitsAsync(CancellationToken cancellationToken);

    /// <summary>A filtered, sorted page of one branch's members (or everyone's), read without one call per member.</summary>
    Task<MemberPage> QueryAsync(MemberQuery query, CancellationToken cancellationToken);

    /// <summary>Branch id → how many members are on its roll (those who left are not counted).</summary>
    Task<IReadOnlyDictionary<string, int>> CountByBranchAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds and updates units and members from a validated roster in one step. Existing members keep their binding;
    /// the profiles of bound members follow changes of name, branch and role.
    /// </summary>
    Task<RosterImportOutcome> ImportAsync(RosterPlanResult plan, CancellationToken cancellationToken);

    /// <summary>Binds <paramref name="openId"/> to the member, atomically checking neither is bound elsewhere.</summary>
    Task<BindOutcome> BindOpenIdAsync(string memberId, string openId, CancellationToken cancellationToken);

    /// <summary>Removes the member's binding (the secretary's action); false if there was none.</summary>
    Task<bool> UnbindAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>The profile of the member bound to <paramref name="openId"/>, or null.</summary>
    Task<MemberProfile?> GetProfileAsync(string openId, CancellationToken cancellationToken);

    /// <summary>Follow/unfollow: an unsubscribed member keeps their history but gets no pushes.</summary>
    Task SetSubscribedAsync(string openId, bool subscribed, CancellationToken cancellationToken);

    /// <summary>A one-time binding code for the member, valid for <paramref name="ttl"/>.</summary>
    Task<string> IssueBindingCodeAsync(string memberId, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>The member a code was issued for, consuming the code; null if unknown or expired.</summary>
    Task<string?> RedeemBindingCodeAsync(string code, CancellationToken cancellationToken);
}

public enum BindOutcome
{
    Bound,
    AlreadyBoundToYou,
    MemberBoundElsewhere,
    OpenIdBoundToOther,
    NotFound,
}

public sealed record RosterImportOutcome(int UnitsAdded, int MembersAdded, int MembersUpdated);
