namespace BranchBot.Core.Matches;

/// <summary>A member as a match knows them: who, which branch, where to push.</summary>
public sealed record MatchPlayer(string MemberId, string Name, string BranchId, string OpenId);

/// <summary>A match: its players (two to four) and the questions drawn for all of them, in order.</summary>
public sealed record Match(string Id, MatchKind Kind, IReadOnlyList<MatchPlayer> Players, IReadOnlyList<string> QuestionIds, int Seconds, DateTimeOffset CreatedAt);

public enum MatchPhase
{
    /// <summary>Created; the first question is not out yet.</summary>
    Ready,
    /// <summary>Question <see cref="MatchProgress.Index"/> is out and takes answers.</summary>
    Open,
    /// <summary>The last question closed: points, results, then the players are free again.</summary>
    Finishing,
    Finished,
}

/// <summary>
/// Where a match is. Changed only by compare-and-set on <see cref="Version"/>, so when two instances step the same
/// match one of them moves it and only that one pushes.
/// </summary>
public sealed record MatchProgress(MatchPhase Phase, int Index, DateTimeOffset OpenedAt, long Version);

/// <summary>Players chosen by the queue, not yet made into a <see cref="Match"/> (the worker draws the questions).</summary>
public sealed record PendingMatch(string Id, MatchKind Kind, IReadOnlyList<MatchPlayer> Players, DateTimeOffset FormedAt);

/// <summary>Where a member is: waiting in a queue, or playing a match.</summary>
public sealed record MatchWhere(MatchKind? Queued, string? MatchId)
{
    public static MatchWhere InQueue(MatchKind kind) => new(kind, null);

    public static MatchWhere InMatch(string matchId) => new(null, matchId);
}

public enum QueueStatus
{
    /// <summary>Now waiting (or was already waiting in this queue).</summary>
    Waiting,
    /// <summary>Waiting in the other kind's queue: nothing changed.</summary>
    WaitingElsewhere,
    /// <summary>In a match (just formed, or already playing).</summary>
    Playing,
}

/// <summary>What 对战/四人赛 did: the member's place afterwards, and how many wait in the queue.</summary>
public sealed record QueueOutcome(QueueStatus Status, MatchWhere Where, int Waiting);

/// <summary>A member taken out of a queue after the wait, with no one (or too few) to play against.</summary>
public sealed record DroppedWaiter(MatchKind Kind, MatchPlayer Player);

/// <summary>A due match claimed by this instance for the lease; <see cref="Pending"/> when it still has to be created.</summary>
public sealed record DueMatch(string Id, PendingMatch? Pending);

/// <summary>What one sweep of the queues found: matches to move on (claimed), and members to tell none was found.</summary>
public sealed record MatchSweep(IReadOnlyList<DueMatch> Due, IReadOnlyList<DroppedWaiter> Dropped);

public enum MatchAnswerStatus
{
    Accepted,
    Duplicate,
    Late,
    /// <summary>No question is open (between questions, or the match is over).</summary>
    Closed,
    NotPlayer,
    /// <summary>The match has ended.</summary>
    Over,
    /// <summary>The reply fits no option of the open question: nothing recorded.</summary>
    Unrecognised,
}

/// <summary>
/// One answer: which question it went to, whether right, points (the competition formula), milliseconds from this
/// player's push, and how many players have answered that question so far.
/// </summary>
public sealed record MatchAnswer(MatchAnswerStatus Status, int Index, bool Correct = false, int Points = 0, long ElapsedMs = 0, int Answered = 0);
