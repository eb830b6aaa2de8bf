using System.ComponentModel.DataAnnotations;

namespace BranchBot.Core.Competitions;

/// <summary>Defaults and scoring of quiz competitions (知识竞赛). Section <c>Competitions</c>.</summary>
public sealed class CompetitionOptions
{
    public const string Section = "Competitions";

    [Range(1, 50)]
    public int DefaultQuestions { get; set; } = 10;

    /// <summary>Seconds per question (5–240, Kahoot's range).</summary>
    [Range(5, 240)]
    public int DefaultSeconds { get; set; } = 20;

    /// <summary>P in round(P × (1 − (t/T)/2)): points for an instant correct answer; never less than P/2 when correct.</summary>
    [Range(1, 100_000)]
    public int Points { get; set; } = 1000;

    /// <summary>Bonus per consecutive correct answer after the first, and its cap; a wrong or missed answer resets it.</summary>
    [Range(0, 10_000)]
    public int StreakBonus { get; set; } = 100;

    [Range(0, 100_000)]
    public int StreakBonusCap { get; set; } = 500;

    /// <summary>An answer within this time after the push earns the full points.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan FullPointsWithin { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>How long the answer and standings of a question are shown before the next one (auto-advance).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ReviewTime { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>When the host advances by hand and goes silent this long, the room advances by itself.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:30:00")]
    public TimeSpan HostGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A room never started expires this long after it was opened, and leaves the active rooms.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan LobbyExpiry { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A room left paused expires this long after the host last acted, and leaves the active rooms.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan PausedExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Contest points per study point credited to the member's ledger at the end; 0 turns it off.</summary>
    [Range(0, 1_000_000)]
    public int ContestPointsPerStudyPoint { get; set; }

    /// <summary>Most study points one contest can give a member.</summary>
    [Range(0, 1000)]
    public int StudyPointsCap { get; set; } = 5;

    /// <summary>Group-robot webhooks by branch id, used when the create command names none.</summary>
    public Dictionary<string, string> RobotWebhooks { get; set; } = [];

    /// <summary>How many pushes of a fan-out run at once (the messenger's rate limiter paces them further).</summary>
    [Range(1, 1024)]
    public int PushParallelism { get; set; } = 64;

    /// <summary>How often an instance looks at active rooms; the one holding a room's lease moves it on.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:05")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Run the room ticker in this instance.</summary>
    public bool RunTicker { get; set; } = true;
}
