namespace BranchBot.Core.Members;

/// <summary>Kinds of Party organisation unit, top to bottom.</summary>
public enum OrgUnitKind
{
    /// <summary>党委</summary>
    Committee,
    /// <summary>党总支</summary>
    GeneralBranch,
    /// <summary>党支部</summary>
    Branch,
    /// <summary>党小组</summary>
    Group,
}

/// <summary>One unit of the organisation tree. Ids are derived from the unit's full path, so re-imports find it again.</summary>
public sealed record OrgUnit(string Id, string Name, OrgUnitKind Kind, string? ParentId);

/// <summary>正式党员 or 预备党员.</summary>
public enum MemberStatus
{
    Full,
    Probationary,
}

/// <summary>What a member may do; ordered, so a higher role includes the lower ones.</summary>
public enum MemberRole
{
    Member = 0,
    GroupLeader = 1,
    Secretary = 2,
    Admin = 3,
}

/// <summary>A roster entry. <see cref="Phone"/> is the identity across imports; <see cref="OpenId"/> is set by binding.</summary>
public sealed record Member(
    string Id,
    string Name,
    string Phone,
    string BranchId,
    string? GroupId,
    MemberStatus Status,
    MemberRole Role,
    string? OpenId = null,
    bool Subscribed = true);

/// <summary>What a conversation knows about the member behind an OpenID; stored beside the session.</summary>
public sealed record MemberProfile(string MemberId, string Name, string BranchId, MemberRole Role);
