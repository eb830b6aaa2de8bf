using BranchBot.Core.Competitions;

namespace BranchBot.Core.Matches;

/// <summary>
/// Port for 对战 and 四人赛. Matchmaking is one atomic store step per call (a member is in at most one queue or match,
/// whatever the instances and retries); a match's answers are recorded by one atomic step each, like a room's.
/// </summary>
public interface IMatchStore
{
    /// <summary>
    /// Puts the member in the <paramref name="kind"/> queue unless they are already waiting or playing; when the queue
    /// then holds enough players, takes them out as a pending match named <paramref name="matchId"/>, due at once.
    /// </summary>
    Task<QueueOutcome> EnqueueAsync(MatchKind kind, MatchPlayer player, string matchId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Takes the member out of whichever queue they wait in; false if they were not waiting.</summary>
    Task<bool> LeaveQueueAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>Where the member is, or null when neither waiting nor playing.</summary>
    Task<MatchWhere?> WhereAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>
    /// One sweep: a queue whose first member has waited <paramref name="wait"/> becomes a smaller match (四人赛 with two
    /// or three, named <paramref name="shortMatchId"/>) or lets its lone member go; then claims up to
    /// <paramref name="limit"/> due matches for <paramref name="lease"/>, so no other instance moves them meanwhile.
    /// </summary>
    Task<MatchSweep> SweepMatchesAsync(DateTimeOffset now, TimeSpan wait, TimeSpan lease, int limit, string shortMatchId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the match (unless one of that id is stored) in phase <see cref="MatchPhase.Ready"/>, every player at 0
    /// points, and forgets its pending form; returns the stored match.
    /// </summary>
    Task<Match> CreateMatchAsync(Match match, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Match?> GetMatchAsync(string matchId, CancellationToken cancellationToken);

    Task<MatchProgress?> GetMatchProgressAsync(string matchId, CancellationToken cancellationToken);

    /// <summary>Saves <paramref name="next"/> only if the stored version is <paramref name="expectedVersion"/>.</summary>
    Task<bool> SaveMatchProgressAsync(string matchId, MatchProgress next, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Claims the push of <paramref name="stage"/> to each member; returns those not claimed before (push them, once).</summary>
    Task<IReadOnlyList<string>> ClaimMatchPushesAsync(string matchId, string stage, IReadOnlyList<string> memberIds, CancellationToken cancellationToken);

    /// <summary>When each player got question <paramref name="index"/>: their timer starts there.</summary>
    Task RecordMatchPushesAsync(string matchId, int index, IReadOnlyList<(string MemberId, DateTimeOffset At)> pushes, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, DateTimeOffset>> MatchPushesAsync(string matchId, int index, CancellationToken cancellationToken);

    /// <summary>
    /// Records the player's first answer to the open question, within their timer. <paramref name="verdicts"/> holds one
    /// character per question of the match ('1' right, '0' wrong, 'u' unrecognised), so the store picks the open one.
    /// </summary>
    Task<MatchAnswer> AnswerMatchAsync(string matchId, string memberId, string verdicts, DateTimeOffset at, TimeSpan timer, CompetitionScoring scoring, CancellationToken cancellationToken);

    /// <summary>Answers to question <paramref name="index"/> by member.</summary>
    Task<IReadOnlyDictionary<string, MatchAnswer>> MatchAnswersAsync(string matchId, int index, CancellationToken cancellationToken);

    /// <summary>Each player's score so far (every player, from 0).</summary>
    Task<IReadOnlyDictionary<string, int>> MatchScoresAsync(string matchId, CancellationToken cancellationToken);

    /// <summary>Makes the match due at <paramref name="at"/> (replacing its claim).</summary>
    Task ScheduleMatchAsync(string matchId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Brings the match's due time forward to <paramref name="now"/> (every player has answered); no-op once it has ended.</summary>
    Task WakeMatchAsync(string matchId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends the match's scheduling and frees its players (those still recorded in it) to queue again.</summary>
    Task ReleaseMatchAsync(string matchId, IReadOnlyList<string> memberIds, CancellationToken cancellationToken);
}
