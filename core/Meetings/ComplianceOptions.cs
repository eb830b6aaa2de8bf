using System.ComponentModel.DataAnnotations;

namespace BranchBot.Core.Meetings;

/// <summary>三会一课 cadence per branch and when to warn the secretary. Section <c>Compliance</c>.</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    public bool Enabled { get; set; } = true;

    /// <summary>"Type:period" pairs, period month or quarter (natural periods, Asia/Shanghai), per the branch work regulations as commonly applied.</summary>
    [RegularExpression(@"^\s*\w+:(month|quarter)(\s*,\s*\w+:(month|quarter))*\s*$", ErrorMessage = "Compliance:Rules must look like \"Committee:month,PartyCongress:quarter\".")]
    public string Rules { get; set; } = "Committee:month,GroupMeeting:month,ThemeDay:month,PartyCongress:quarter,PartyLecture:quarter";

    /// <summary>Warn this many days before the period ends if the meeting has not been held.</summary>
    [Range(1, 60)]
    public int LeadDays { get; set; } = 7;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<(MeetingType Type, bool Quarterly)> ParsedRules =>
        Rules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.Split(':'))
            .Select(p => (Enum.Parse<MeetingType>(p[0], ignoreCase: true), p[1] == "quarter"))
            .ToArray();
}
