namespace BranchBot.Core.Members;

/// <summary>
/// Who acts: a role and the branch it is limited to (null: the whole organisation). A chat user acts with their
/// roster role and branch (a 管理员 organisation-wide); an admin API caller with a branch acts as that branch's
/// secretary, one without a branch as 管理员.
/// </summary>
public sealed record Actor(MemberRole Role, string? BranchId)
{
    public static Actor Of(MemberProfile profile) =>
        new(profile.Role, profile.Role == MemberRole.Admin ? null : profile.BranchId);

    /// <summary>An admin API key, console account or session: a branch means that branch's secretary.</summary>
    public static Actor OfConsole(string? branchId) =>
        branchId is null ? new(MemberRole.Admin, null) : new(MemberRole.Secretary, branchId);
}

/// <summary>Why <see cref="RoleRule"/> refused.</summary>
public enum RoleRefusal
{
    None,
    /// <summary>The member is outside the caller's branch.</summary>
    OutOfScope,
    /// <summary>The member's role is not strictly below the caller's (and the caller is not a 管理员 acting on a 管理员).</summary>
    RoleNotBelow,
}

/// <summary>
/// The one rule for managing members, used by chat commands and the admin API alike: a caller may issue a binding
/// code for, unbind, or change only members inside their scope whose role is strictly below their own; only a
/// 管理员 acts on a 管理员.
/// </summary>
public static class RoleRule
{
    public static RoleRefusal Check(Actor actor, Member target) => Check(actor, target.BranchId, target.Role);

    public static RoleRefusal Check(Actor actor, string targetBranchId, MemberRole targetRole)
    {
        if (actor.BranchId is not null && !string.Equals(actor.BranchId, targetBranchId, StringComparison.Ordinal))
        {
            return RoleRefusal.OutOfScope;
        }

        var allowed = targetRole < actor.Role || (actor.Role == MemberRole.Admin && targetRole == MemberRole.Admin);
        return allowed ? RoleRefusal.None : RoleRefusal.RoleNotBelow;
    }

    /// <summary>
    /// A roster change: the caller must be allowed to act on the member as they are now (if they exist and the row
    /// changes them) and on the member as the row would make them. An unchanged row is no change.
    /// </summary>
    public static RoleRefusal CheckChange(Actor actor, Member? current, Member proposed)
    {
        if (current is not null && current.RosterPart == proposed.RosterPart)
        {
            return RoleRefusal.None;
        }

        if (current is not null && Check(actor, current) is var before and not RoleRefusal.None)
        {
            return before;
        }

        return Check(actor, proposed);
    }

    /// <summary>Every post but 党员 (党小组长, the committee, 管理员) binds only with a binding code; name and phone's last four are for plain members.</summary>
    public static bool MayBindByName(Member member) => member.EffectivePost == MemberPost.Member;

    /// <summary>The role's name as members know it.</summary>
    public static string RoleName(MemberRole role) => role switch
    {
        MemberRole.GroupLeader => "党小组长",
        MemberRole.Secretary => "书记",
        MemberRole.Admin => "管理员",
        _ => "党员",
    };

    /// <summary>A polite refusal for chat and the admin API.</summary>
    public static string Explain(RoleRefusal refusal, string name, MemberRole role) => refusal switch
    {
        RoleRefusal.OutOfScope => $"{name} 不在您负责的支部，无权办理。",
        RoleRefusal.RoleNotBelow when role == MemberRole.Admin => $"{name} 是管理员，只有管理员可以为其生成绑定码、解绑或修改信息。",
        _ => $"{name} 的职务（{RoleName(role)}）不低于您，您无权为其生成绑定码、解绑或修改信息，请联系上级党组织或管理员办理。",
    };
}
