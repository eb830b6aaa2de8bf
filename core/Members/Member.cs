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

/// <summary>
/// The post a member holds, as the roster names it (党员, 党小组长, the 支部委员会's posts, 管理员). The post decides the
/// member's <see cref="MemberRole"/> (what they may do) and whether they sit on the 支部委员会.
/// </summary>
public enum MemberPost
{
    Member,
    GroupLeader,
    Secretary,
    DeputySecretary,
    OrganisationCommissioner,
    PropagandaCommissioner,
    DisciplineCommissioner,
    Admin,
}

public static class MemberPosts
{
    private static readonly (MemberPost Post, string Name, string[] Aliases)[] Names =
    [
        (MemberPost.Member, "党员", ["普通党员", ""]),
        (MemberPost.GroupLeader, "党小组长", ["小组长"]),
        (MemberPost.Secretary, "书记", ["支部书记", "党支部书记"]),
        (MemberPost.DeputySecretary, "副书记", ["支部副书记", "党支部副书记"]),
        (MemberPost.OrganisationCommissioner, "组织委员", []),
        (MemberPost.PropagandaCommissioner, "宣传委员", []),
        (MemberPost.DisciplineCommissioner, "纪检委员", ["纪律检查委员"]),
        (MemberPost.Admin, "管理员", []),
    ];

    /// <summary>The names the roster's 角色 column takes, for its error message.</summary>
    public static string Accepted => string.Join("、", Names.Select(n => n.Name));

    public static string NameOf(MemberPost post) => Names.First(n => n.Post == post).Name;

    public static MemberPost? Parse(string text) =>
        Names.FirstOrDefault(n => n.Name == text || n.Aliases.Contains(text)) is { Name: not null } found ? found.Post : null;

    /// <summary>
    /// What the post may do: 书记, 副书记 and 组织委员 run the branch (meetings, leave, binding codes); 宣传委员 and 纪检委员
    /// sit on the committee without those rights.
    /// </summary>
    public static MemberRole RoleOf(MemberPost post) => post switch
    {
        MemberPost.Admin => MemberRole.Admin,
        MemberPost.Secretary or MemberPost.DeputySecretary or MemberPost.OrganisationCommissioner => MemberRole.Secretary,
        MemberPost.GroupLeader => MemberRole.GroupLeader,
        _ => MemberRole.Member,
    };

    /// <summary>The post a roster written before posts existed meant by its role.</summary>
    public static MemberPost Of(MemberRole role) => role switch
    {
        MemberRole.Admin => MemberPost.Admin,
        MemberRole.Secretary => MemberPost.Secretary,
        MemberRole.GroupLeader => MemberPost.GroupLeader,
        _ => MemberPost.Member,
    };

    /// <summary>Members of the 支部委员会: the secretary, deputy and the commissioners (not 管理员, who sits in no branch's committee).</summary>
    public static bool OnCommittee(MemberPost post) =>
        post is MemberPost.Secretary or MemberPost.DeputySecretary or MemberPost.OrganisationCommissioner
            or MemberPost.PropagandaCommissioner or MemberPost.DisciplineCommissioner;
}

/// <summary>
/// A roster entry. <see cref="Phone"/> is the identity across imports; <see cref="OpenId"/> is set by binding.
/// <see cref="Role"/> is what the member may do; <see cref="Post"/> the post as the roster names it (null in records
/// written before posts existed, read as the role's usual post). <see cref="Standing"/> says whether they are on the
/// roll, since when (<see cref="StandingSince"/>) and where to or why (<see cref="StandingNote"/>).
/// </summary>
public sealed record Member(
    string Id,
    string Name,
    string Phone,
    string BranchId,
    string? GroupId,
    MemberStatus Status,
    MemberRole Role,
    string? OpenId = null,
    bool Subscribed = true,
    MemberPost? Post = null,
    MemberStanding Standing = MemberStanding.Active,
    DateOnly? StandingSince = null,
    string? StandingNote = null)
{
    /// <summary>What a roster row sets: the member without binding, subscription and standing, for comparing with a row.</summary>
    public Member RosterPart => this with { OpenId = null, Subscribed = true, Standing = MemberStanding.Active, StandingSince = null, StandingNote = null };

    /// <summary>On the roll: gets reminders, counts in 应到, may bind and chat as a member.</summary>
    public bool IsActive => Standing == MemberStanding.Active;

    public MemberPost EffectivePost => Post ?? MemberPosts.Of(Role);

    /// <summary>正式党员 have a vote (表决权, 选举权); 预备党员 do not.</summary>
    public bool HasVote => Status == MemberStatus.Full;
}

/// <summary>What a conversation knows about the member behind an OpenID; stored beside the session.</summary>
public sealed record MemberProfile(string MemberId, string Name, string BranchId, MemberRole Role);
