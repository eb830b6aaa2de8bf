using System.ComponentModel.DataAnnotations;

namespace BranchBot.Core.Meetings;

/// <summary>The natural period a rule asks one meeting in (Asia/Shanghai calendar).</summary>
public enum CompliancePeriod
{
    Month,
    Quarter,
    Year,
}

/// <summary>
/// One cadence rule: a meeting of <paramref name="Type"/> each <paramref name="Period"/>, per branch or, with
/// <paramref name="PerGroup"/>, per 党小组 of the branch (a branch without 党小组 owes none).
/// </summary>
public sealed record ComplianceRule(MeetingType Type, CompliancePeriod Period, bool PerGroup);

/// <summary>三会一课 and the yearly rules, per branch, and when to warn the secretary. Section <c>Compliance</c>.</summary>
public sealed class ComplianceOptions : IValidatableObject
{
    public const string Section = "Compliance";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// "Type:period[:group]" entries, period month, quarter or year. The defaults follow the 支部工作条例: 支委会 and
    /// 党小组会 (per 党小组) monthly, 主题党日 monthly, 支部党员大会 and 党课 quarterly, 组织生活会 and 民主评议党员 yearly.
    /// </summary>
    [RegularExpression(@"^\s*\w+:(month|quarter|year)(:group)?(\s*,\s*\w+:(month|quarter|year)(:group)?)*\s*$",
        ErrorMessage = "Compliance:Rules must look like \"Committee:month,GroupMeeting:month:group,OrganisationLife:year\".")]
    public string Rules { get; set; } = "Committee:month,GroupMeeting:month:group,ThemeDay:month,PartyCongress:quarter,PartyLecture:quarter,OrganisationLife:year,MemberReview:year";

    /// <summary>Warn this many days before a month or quarter ends if the meeting has not been held.</summary>
    [Range(1, 60)]
    public int LeadDays { get; set; } = 7;

    /// <summary>Warn this many days before a year ends if a yearly meeting has not been held.</summary>
    [Range(1, 180)]
    public int YearLeadDays { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<ComplianceRule> ParsedRules =>
        Rules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.Split(':'))
            .Select(p => new ComplianceRule(Enum.Parse<MeetingType>(p[0], ignoreCase: true), Enum.Parse<CompliancePeriod>(p[1], ignoreCase: true), p.Length > 2))
            .ToArray();

    public int LeadDaysFor(CompliancePeriod period) => period == CompliancePeriod.Year ? YearLeadDays : LeadDays;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var name in Rules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => r.Split(':')[0]))
        {
            if (!Enum.TryParse<MeetingType>(name, ignoreCase: true, out var type) || !Enum.IsDefined(type) || int.TryParse(name, out _))
            {
                yield return new ValidationResult($"Compliance:Rules names \"{name}\", which is not a meeting type ({string.Join(", ", Enum.GetNames<MeetingType>())}).", [nameof(Rules)]);
            }
        }
    }
}
