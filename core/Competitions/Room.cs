namespace BranchBot.Core.Competitions;

/// <summary>A competition room: who hosts it, its settings and the questions drawn for it.</summary>
public sealed record Room(
    string Id,
    string Code,
    string Title,
    string HostMemberId,
    string HostOpenId,
    string BranchId,
    int Seconds,
    bool TeamMode,
    bool AutoAdvance,
    IReadOnlyList<string> QuestionIds,
    string? RobotWebhook,
    DateTimeOffset CreatedAt);

public enum RoomPhase
{
    /// <summary>Waiting for members to join and the host to start.</summary>
    Lobby,
    /// <summary>A question is open for answers.</summary>
    Open,
    /// <summary>Between questions: results are shown; the next opens at <see cref="RoomState.NextAt"/>.</summary>
    Review,
    Paused,
    Finished,
}

/// <summary>
/// Where a room is. Changed only by compare-and-set on <see cref="Version"/>, so when several instances tick the same
/// room one of them moves it and only that one pushes.
/// </summary>
public sealed record RoomState(
    RoomPhase Phase,
    int Index,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosesAt,
    DateTimeOffset? NextAt,
    DateTimeOffset HostSeenAt,
    long Version,
    RoomPhase? PausedFrom = null);

/// <summary>A member in a room. Teams are branches.</summary>
public sealed record Participant(string MemberId, string Name, string BranchId, string OpenId, DateTimeOffset JoinedAt);

public enum JoinOutcome
{
    Joined,
    AlreadyJoined,
    RoomClosed,
}

/// <summary>What happened to one answer.</summary>
public enum AnswerStatus
{
    Accepted,
    Duplicate,
    Late,
    NotOpen,
}

/// <summary>One recorded answer: right or not, milliseconds from this member's push, points with streak bonus.</summary>
public sealed record AnswerOutcome(AnswerStatus Status, bool Correct = false, int Points = 0, long ElapsedMs = 0, int Streak = 0);

/// <summary>A participant's place in the room.</summary>
public sealed record Standing(string MemberId, int Points, int Rank);

/// <summary>The final result of a finished room, kept for the secretary.</summary>
public sealed record CompetitionResult(
    string RoomId,
    string Title,
    string BranchId,
    DateTimeOffset FinishedAt,
    IReadOnlyList<ResultRow> Individuals,
    IReadOnlyList<TeamRow> Teams);

public sealed record ResultRow(int Rank, string MemberId, string Name, string BranchId, int Points);

/// <summary>A team's score is the average of its members' scores, so big branches don't win by size.</summary>
public sealed record TeamRow(int Rank, string BranchId, string Name, int Members, double Average);
