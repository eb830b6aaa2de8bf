namespace BranchBot.Adapters.GroupRobot;

/// <summary>What became of one post.</summary>
internal enum RobotOutcome
{
    /// <summary>The robot answered errcode 0: the group shows the message.</summary>
    Posted,

    /// <summary>Refused without showing it, and repeating the post in a moment may succeed (HTTP 5xx, errcode -1).</summary>
    Transient,

    /// <summary>errcode 45009: the robot's per-minute limit; the message waits and is posted later.</summary>
    RateLimited,

    /// <summary>Not posted (or not known to be), and repeating cannot help or could show it twice.</summary>
    Failed,
}

/// <summary>One post's outcome, with the robot's code and an explanation for the log (never the content).</summary>
internal sealed record RobotAttempt(RobotOutcome Outcome, string? Code, string? Error)
{
    public static readonly RobotAttempt Posted = new(RobotOutcome.Posted, "0", null);

    public bool RetryNow => Outcome == RobotOutcome.Transient;

    public static RobotAttempt Transient(string code, string error) => new(RobotOutcome.Transient, code, error);

    public static RobotAttempt RateLimited(string error) => new(RobotOutcome.RateLimited, "45009", error);

    public static RobotAttempt Failed(string code, string error) => new(RobotOutcome.Failed, code, error);
}
