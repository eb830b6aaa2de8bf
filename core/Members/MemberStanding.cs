namespace BranchBot.Core.Members;

/// <summary>
/// Whether a member is on the roll (在册) or has left it, and how. Leaving ends the binding, future reminders and
/// future 应到; the member's past attendance, study and points stay where they happened.
/// </summary>
public enum MemberStanding
{
    /// <summary>在册</summary>
    Active = 0,
    /// <summary>转出: the 组织关系 moved to another organisation; the note keeps where to.</summary>
    TransferredOut = 1,
    /// <summary>停止党籍 (e.g. 失去联系 for six months or more, or abroad without keeping the relation).</summary>
    Suspended = 2,
    /// <summary>出党: 开除党籍 (a disciplinary sanction), 除名 or 退党; the note says which.</summary>
    Removed = 3,
    /// <summary>去世</summary>
    Deceased = 4,
}

public static class MemberStandings
{
    private static readonly (MemberStanding Standing, string Name, string Code)[] Names =
    [
        (MemberStanding.Active, "在册", "active"),
        (MemberStanding.TransferredOut, "转出", "transferred-out"),
        (MemberStanding.Suspended, "停止党籍", "suspended"),
        (MemberStanding.Removed, "出党", "removed"),
        (MemberStanding.Deceased, "去世", "deceased"),
    ];

    public static string NameOf(MemberStanding standing) => Names.First(n => n.Standing == standing).Name;

    /// <summary>The API's code for a standing (<c>transferred-out</c>…).</summary>
    public static string CodeOf(MemberStanding standing) => Names.First(n => n.Standing == standing).Code;

    /// <summary>A standing by its API code or Chinese name; null if neither.</summary>
    public static MemberStanding? Parse(string? text) =>
        Names.FirstOrDefault(n => n.Code == text || n.Name == text) is { Name: not null } found ? found.Standing : null;

    /// <summary>The codes the API accepts for a departure, for its error message.</summary>
    public static string DepartureCodes => string.Join("、", Names.Where(n => n.Standing != MemberStanding.Active).Select(n => n.Code));
}

/// <summary>What a history entry records.</summary>
public enum MemberChangeKind
{
    /// <summary>Left the roll (转出, 停止党籍, 出党, 去世).</summary>
    Left,
    /// <summary>Moved to another branch and/or 党小组.</summary>
    Moved,
    /// <summary>Personal information deleted on request; the entries kept under an anonymous id.</summary>
    Erased,
}

/// <summary>
/// One change in a member's history: when it was recorded, the date it took effect, from/to branch and group, the
/// standing after it, a note (destination or reason) and who did it (the console account or key name).
/// </summary>
public sealed record MemberHistoryEntry(
    DateTimeOffset At,
    DateOnly On,
    MemberChangeKind Kind,
    string By,
    string? FromBranchId = null,
    string? ToBranchId = null,
    string? FromGroupId = null,
    string? ToGroupId = null,
    MemberStanding? Standing = null,
    string? Note = null);
