namespace BranchBot.Core.Competitions;

/// <summary>
/// Port for competition rooms. Answers are recorded by one atomic store call each (first answer only, within the
/// member's own timer measured from their push, streak and score updated together).
/// </summary>
public interface ICompetitionStore
{
    /// <summary>Creates the room unless its code is taken by another active room; false then.</summary>
    Task<bool> CreateAsync(Room room, RoomState state, CancellationToken cancellationToken);

    Task<Room?> GetRoomAsync(string roomId, CancellationToken cancellationToken);

    Task<string?> FindByCodeAsync(string code, CancellationToken cancellationToken);

    Task<RoomState?> GetStateAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>Saves <paramref name="next"/> (with its version one above) only if the stored version is <paramref name="expectedVersion"/>.</summary>
    Task<bool> SaveStateAsync(string roomId, RoomState next, long expectedVersion, CancellationToken cancellationToken);

    Task<JoinOutcome> JoinAsync(string roomId, Participant participant, CancellationToken cancellationToken);

    Task<IReadOnlyList<Participant>> ParticipantsAsync(string roomId, CancellationToken cancellationToken);

    Task<int> CountParticipantsAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>Stops pushes to a member (their customer-service window closed).</summary>
    Task DropAsync(string roomId, string memberId, CancellationToken cancellationToken);

    Task<IReadOnlySet<string>> DroppedAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>When each member got question <paramref name="index"/>: their timer starts there.</summary>
    Task RecordPushesAsync(string roomId, int index, IReadOnlyList<(string MemberId, DateTimeOffset At)> pushes, CancellationToken cancellationToken);

    /// <summary>Records the member's first answer to question <paramref name="index"/> if within their timer.</summary>
    Task<AnswerOutcome> AnswerAsync(string roomId, int index, string memberId, bool correct, DateTimeOffset at, DateTimeOffset openedAt, TimeSpan timer,
        CompetitionScoring scoring, CancellationToken cancellationToken);

    /// <summary>Every participant with points, best first (ties by member id, as Redis orders them).</summary>
    Task<IReadOnlyList<Standing>> StandingsAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>Members who answered question <paramref name="index"/>, with their outcome.</summary>
    Task<IReadOnlyDictionary<string, AnswerOutcome>> AnswersAsync(string roomId, int index, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ActiveRoomsAsync(CancellationToken cancellationToken);

    /// <summary>Stores the final result and takes the room off the active list (its code becomes free).</summary>
    Task FinishAsync(Room room, CompetitionResult result, CancellationToken cancellationToken);

    /// <summary>Finished rooms' results, newest first.</summary>
    /// <summary>Takes an abandoned room (never started, or left paused) out of the active rooms and frees its code; no result is kept.</summary>
    Task ExpireAsync(Room room, CancellationToken cancellationToken);

    Task<IReadOnlyList<CompetitionResult>> ResultsAsync(int count, CancellationToken cancellationToken);
}
