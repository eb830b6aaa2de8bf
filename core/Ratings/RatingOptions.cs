using System.ComponentModel.DataAnnotations;

namespace BranchBot.Core.Ratings;

/// <summary>The standards of the computed basic stars and the snapshot worker. Section <c>Ratings</c>; every number is a local rule.</summary>
public sealed class RatingOptions : IValidatableObject
{
    public const string Section = "Ratings";

    /// <summary>基本活动: the lowest attendance rate, 实到 / (应到 − 请假).</summary>
    [Range(0.0, 1.0)]
    public double AttendanceThreshold { get; set; } = 0.9;

    /// <summary>基本队伍: the lowest share of members with study points in the period.</summary>
    [Range(0.0, 1.0)]
    public double StudyThreshold { get; set; } = 0.6;

    /// <summary>基本组织: the lowest share of members bound to WeChat (notices reach them).</summary>
    [Range(0.0, 1.0)]
    public double BindingThreshold { get; set; } = 0.8;

    /// <summary>基本组织: from this many members a branch counts as 党员人数较多 and must have 党小组 (条例 第十三条 names no number).</summary>
    [Range(2, 1000)]
    public int GroupsFromMembers { get; set; } = 10;

    /// <summary>基本队伍: from this many 正式党员 a 支部委员会 is required (条例 第二十条: 7).</summary>
    [Range(3, 100)]
    public int CommitteeFromFullMembers { get; set; } = 7;

    /// <summary>基本队伍: the committee's size, 3 to 5, 一般不超过 7 (条例 第二十条).</summary>
    [Range(1, 15)]
    public int CommitteeMin { get; set; } = 3;

    [Range(1, 15)]
    public int CommitteeMax { get; set; } = 7;

    /// <summary>How many past periods the 星级 chart shows.</summary>
    [Range(1, 24)]
    public int HistoryPeriods { get; set; } = 6;

    /// <summary>How often the snapshot worker looks for periods that have closed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CommitteeMin > CommitteeMax)
        {
            yield return new ValidationResult("Ratings:CommitteeMin must not exceed Ratings:CommitteeMax.", [nameof(CommitteeMin)]);
        }
    }
}
