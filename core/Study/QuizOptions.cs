using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BranchBot.Core.Study;

/// <summary>
/// Scoring and pacing of the study quiz. Point values change every few years in practice, so they live in
/// configuration, and <see cref="RulesVersion"/> is written into every ledger entry. Section <c>Quiz</c>.
/// </summary>
public sealed class QuizOptions
{
    public const string Section = "Quiz";

    /// <summary>Questions in one 每日答题 set.</summary>
    [Range(1, 20)]
    public int SetSize { get; set; } = 5;

    /// <summary>A question drawn for a member is not drawn again for this many days while the bank allows.</summary>
    [Range(0, 365)]
    public int NoRepeatDays { get; set; } = 7;

    /// <summary>Points per correct answer in 每日答题.</summary>
    [Range(0, 100)]
    public int DailyPointsPerCorrect { get; set; } = 1;

    /// <summary>Most points 每日答题 gives a member per day.</summary>
    [Range(0, 1000)]
    public int DailyCap { get; set; } = 5;

    /// <summary>Points per correct answer in 专项答题.</summary>
    [Range(0, 100)]
    public int TopicPointsPerCorrect { get; set; } = 1;

    /// <summary>Most points 专项答题 gives a member per day (its own cap, beside 每日答题's).</summary>
    [Range(0, 1000)]
    public int TopicDailyCap { get; set; } = 5;

    /// <summary>Seconds to answer each 挑战答题 question, from when it was sent; 0 for no clock.</summary>
    [Range(0, 600)]
    public int ChallengeSecondsPerQuestion { get; set; } = 20;

    /// <summary>挑战答题 points by run length, "run:total points" pairs, e.g. "5:3,10:6" (3 for a run of 5, 6 for 10 or more).</summary>
    [RegularExpression(@"^\s*\d+:\d+(\s*,\s*\d+:\d+)*\s*$", ErrorMessage = "Quiz:ChallengeTiers must look like \"5:3,10:6\".")]
    public string ChallengeTiers { get; set; } = "5:3,10:6";

    /// <summary>Most points 挑战答题 gives a member per day.</summary>
    [Range(0, 1000)]
    public int ChallengeDailyCap { get; set; } = 6;

    /// <summary>A challenge run ends after this many questions even without a mistake (at most 100: the run is kept in the session).</summary>
    [Range(1, 100)]
    public int ChallengeMaxQuestions { get; set; } = 50;

    /// <summary>A question leaves the wrong-answer book after this many right answers in a row.</summary>
    [Range(1, 10)]
    public int WrongBookLeaveAfter { get; set; } = 2;

    /// <summary>Recorded with every award, so old points stay explainable after the rules change.</summary>
    [RegularExpression("^[A-Za-z0-9._-]{1,16}$")]
    public string RulesVersion { get; set; } = "2026.1";

    /// <summary>The tiers parsed and ordered by run length.</summary>
    public IReadOnlyList<(int Run, int Points)> Tiers =>
        ChallengeTiers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split(':'))
            .Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture)))
            .OrderBy(t => t.Item1)
            .ToArray();
}
