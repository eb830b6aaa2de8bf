using System.ComponentModel.DataAnnotations;

namespace BranchBot.Core.MemberPoints;

/// <summary>党员积分 rules: points per attendance outcome, 补学, 志愿服务, and how study points fold in. Section <c>MemberPoints</c>.</summary>
public sealed class MemberPointsOptions
{
    public const string Section = "MemberPoints";

    /// <summary>按时参会 (checked in before the start).</summary>
    [Range(-100, 100)]
    public int OnTime { get; set; } = 2;

    /// <summary>迟到 (checked in after the start); may be negative.</summary>
    [Range(-100, 100)]
    public int Late { get; set; } = 1;

    /// <summary>缺席; usually negative.</summary>
    [Range(-100, 100)]
    public int Absent { get; set; } = -2;

    /// <summary>请假 approved by the secretary.</summary>
    [Range(-100, 100)]
    public int Leave { get; set; }

    /// <summary>补学 reported and confirmed by the secretary.</summary>
    [Range(-100, 100)]
    public int MakeUpConfirmed { get; set; } = 1;

    /// <summary>The most one 志愿服务 entry may carry.</summary>
    [Range(1, 100)]
    public int VolunteerMax { get; set; } = 5;

    /// <summary>Every this many study points in a year make 1 党员积分 (rounded down); 0 folds none in.</summary>
    [Range(0, 10000)]
    public int StudyPointsPerPoint { get; set; } = 10;
}
