namespace BranchBot.Core.Ratings;

/// <summary>The ten stars of 星级化管理: five basic stars judged on standards, five 特色 stars awarded by the organisation.</summary>
public enum StarKind
{
    /// <summary>基本组织</summary>
    Organisation,
    /// <summary>基本队伍</summary>
    Team,
    /// <summary>基本制度</summary>
    System,
    /// <summary>基本活动</summary>
    Activity,
    /// <summary>基本保障: awarded by the organisation (阵地、经费 and the like are not data the bot holds).</summary>
    Guarantee,
    Feature1,
    Feature2,
    Feature3,
    Feature4,
    Feature5,
}

/// <summary>One standard of a star: the rule as a secretary reads it, what was measured, and whether it was kept.</summary>
public sealed record StarItem(string Rule, string Value, bool Kept);

/// <summary>
/// One star of a branch in a period: awarded or not, its items (one failing item withholds a computed star), and
/// for an awarded star (基本保障, 特色) who awarded it, when and why; <paramref name="Reason"/> says why a star is missing.
/// </summary>
public sealed record StarResult(StarKind Kind, string Name, bool Awarded, IReadOnlyList<StarItem> Items, string? Reason, string? AwardedBy = null, DateTimeOffset? AwardedAt = null);

/// <summary>A branch's stars for one period; <paramref name="Final"/> when it is the snapshot taken after the period closed.</summary>
public sealed record BranchStars(
    string BranchId,
    string BranchName,
    BranchField Field,
    string PeriodKey,
    string PeriodLabel,
    IReadOnlyList<StarResult> Stars,
    BranchFigures Figures,
    bool Final,
    DateTimeOffset TakenAt)
{
    public int Count => Stars.Count(s => s.Awarded);

    public int BasicCount => Stars.Count(s => s.Awarded && s.Kind <= StarKind.Guarantee);

    /// <summary>The seed practice's grades: 6 stars 堡垒支部, 8 坚强堡垒支部, 10 模范支部.</summary>
    public string Grade => Count switch
    {
        10 => "模范支部",
        >= 8 => "坚强堡垒支部",
        >= 6 => "堡垒支部",
        _ => "未达标",
    };
}

public static class StarNames
{
    public static string NameOf(StarKind kind) => kind switch
    {
        StarKind.Organisation => "基本组织",
        StarKind.Team => "基本队伍",
        StarKind.System => "基本制度",
        StarKind.Activity => "基本活动",
        StarKind.Guarantee => "基本保障",
        StarKind.Feature1 => "特色一",
        StarKind.Feature2 => "特色二",
        StarKind.Feature3 => "特色三",
        StarKind.Feature4 => "特色四",
        _ => "特色五",
    };

    /// <summary>Stars the organisation awards by hand: 基本保障 and the five 特色 stars.</summary>
    public static bool IsAwarded(StarKind kind) => kind >= StarKind.Guarantee;

    public static bool TryParse(string? text, out StarKind kind)
    {
        foreach (var k in Enum.GetValues<StarKind>())
        {
            if (string.Equals(text, k.ToString(), StringComparison.OrdinalIgnoreCase) || text == NameOf(k))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
