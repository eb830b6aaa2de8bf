using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BranchBot.Core.Matches;

/// <summary>
/// 对战 and 四人赛: matchmaking, pacing and the daily points by place. Section <c>Matches</c>. Place points follow
/// 学习强国's rules (四人赛: first 3, second 2, the rest 1; 对战: the winner 2, the other 1), each kind under its own
/// daily cap, so only the first games of a day count, as there.
/// </summary>
public sealed class MatchOptions : IValidatableObject
{
    public const string Section = "Matches";

    /// <summary>How long the first member in a queue waits before the match starts with fewer (四人赛) or is called off (对战).</summary>
    [Range(5, 600)]
    public int WaitSeconds { get; set; } = 30;

    /// <summary>Questions in one match.</summary>
    [Range(1, 20)]
    public int Questions { get; set; } = 5;

    /// <summary>Seconds to answer each question, from when it reached the player.</summary>
    [Range(5, 120)]
    public int SecondsPerQuestion { get; set; } = 20;

    /// <summary>Points by place in 对战, first place first, e.g. "2,1".</summary>
    [RegularExpression(@"^\s*\d{1,3}(\s*,\s*\d{1,3}){0,1}\s*$", ErrorMessage = "Matches:DuelPlacePoints must be one or two numbers, e.g. \"2,1\".")]
    public string DuelPlacePoints { get; set; } = "2,1";

    /// <summary>Points by place in 四人赛, first place first, e.g. "3,2,1,1".</summary>
    [RegularExpression(@"^\s*\d{1,3}(\s*,\s*\d{1,3}){0,3}\s*$", ErrorMessage = "Matches:FourPlacePoints must be one to four numbers, e.g. \"3,2,1,1\".")]
    public string FourPlacePoints { get; set; } = "3,2,1,1";

    /// <summary>Most points 对战 gives a member per day.</summary>
    [Range(0, 1000)]
    public int DuelDailyCap { get; set; } = 2;

    /// <summary>Most points 四人赛 gives a member per day.</summary>
    [Range(0, 1000)]
    public int FourDailyCap { get; set; } = 5;

    /// <summary>How often an instance looks for matches that are due to move on.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:05")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>An instance that claims a due match holds it this long; if it dies, another instance takes it over then.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:05:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Due matches one instance claims per tick.</summary>
    [Range(1, 1000)]
    public int ClaimBatch { get; set; } = 100;

    /// <summary>Run the match worker in this instance.</summary>
    public bool RunWorker { get; set; } = true;

    public IReadOnlyList<int> PlacePoints(MatchKind kind) =>
        (kind == MatchKind.Duel ? DuelPlacePoints : FourPlacePoints)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            .ToArray();

    public int DailyCap(MatchKind kind) => kind == MatchKind.Duel ? DuelDailyCap : FourDailyCap;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var kind in new[] { MatchKind.Duel, MatchKind.Four })
        {
            var points = PlacePoints(kind);
            if (points.Zip(points.Skip(1)).Any(pair => pair.First < pair.Second))
            {
                yield return new ValidationResult($"Matches:{kind}PlacePoints must not give a lower place more than a higher one.", [kind == MatchKind.Duel ? nameof(DuelPlacePoints) : nameof(FourPlacePoints)]);
            }
        }
    }
}
