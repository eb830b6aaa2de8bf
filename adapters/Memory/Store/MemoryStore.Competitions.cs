using BranchBot.Core.Competitions;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : ICompetitionStore
{
    private readonly Dictionary<string, RoomData> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _roomCodes = new(StringComparer.Ordinal);
    private readonly List<CompetitionResult> _results = [];

    public Task<bool> CreateAsync(Room room, RoomState state, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_roomCodes.TryGetValue(room.Code, out var holder) && holder != room.Id)
            {
                return Task.FromResult(false);
            }

            _roomCodes[room.Code] = room.Id;
            _rooms.TryAdd(room.Id, new RoomData(room, state));
            return Task.FromResult(true);
        }
    }

    public Task<Room?> GetRoomAsync(string roomId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rooms.GetValueOrDefault(roomId)?.Room);
        }
    }

    public Task<string?> FindByCodeAsync(string code, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_roomCodes.GetValueOrDefault(code));
        }
    }

    public Task<RoomState?> GetStateAsync(string roomId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rooms.GetValueOrDefault(roomId)?.State);
        }
    }

    // Twin of the SaveState script in RedisStore.Competitions.cs.
    public Task<bool> SaveStateAsync(string roomId, RoomState next, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rooms.GetValueOrDefault(roomId) is not { } data || data.State.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            data.State = next;
            return Task.FromResult(true);
        }
    }

    public Task<JoinOutcome> JoinAsync(string roomId, Participant participant, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rooms.GetValueOrDefault(roomId) is not { } data || data.State.Phase == RoomPhase.Finished)
            {
                return Task.FromResult(JoinOutcome.RoomClosed);
            }

            data.Dropped.Remove(participant.MemberId);
            return Task.FromResult(data.Participants.TryAdd(participant.MemberId, participant) ? JoinOutcome.Joined : JoinOutcome.AlreadyJoined);
        }
    }

    public Task<IReadOnlyList<Participant>> ParticipantsAsync(string roomId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Participant>>(_rooms.GetValueOrDefault(roomId)?.Participants.Values.ToList() ?? []);
        }
    }

    public Task<int> CountParticipantsAsync(string roomId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rooms.GetValueOrDefault(roomId)?.Participants.Count ?? 0);
        }
    }

    public Task DropAsync(string roomId, string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _rooms.GetValueOrDefault(roomId)?.Dropped.Add(memberId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> DroppedAsync(string roomId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(_rooms.GetValueOrDefault(roomId)?.Dropped ?? []));
        }
    }

    public Task RecordPushesAsync(string roomId, int index, IReadOnlyList<(string MemberId, DateTimeOffset At)> pushes, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rooms.GetValueOrDefault(roomId) is { } data)
            {
                foreach (var (member, at) in pushes)
                {
                    data.Pushed[(index, member)] = at;
                }
            }
        }

        return Task.CompletedTask;
    }

    // Twin of the Answer script in RedisStore.Competitions.cs.
    public Task<AnswerOutcome> AnswerAsync(string roomId, int index, string memberId, bool correct, DateTimeOffset at, DateTimeOffset openedAt, TimeSpan timer,
        CompetitionScoring scoring, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rooms.GetValueOrDefault(roomId) is not { } data || !data.Participants.ContainsKey(memberId))
            {
                return Task.FromResult(new AnswerOutcome(AnswerStatus.NotOpen));
            }

            if (data.Answers.TryGetValue((index, memberId), out var earlier))
            {
                return Task.FromResult(earlier with { Status = AnswerStatus.Duplicate });
            }

            var elapsed = (long)Math.Max(0, (at - data.Pushed.GetValueOrDefault((index, memberId), openedAt)).TotalMilliseconds);
            if (elapsed > (long)timer.TotalMilliseconds)
            {
                return Task.FromResult(new AnswerOutcome(AnswerStatus.Late, ElapsedMs: elapsed));
            }

            var (lastIndex, previous) = data.Streaks.GetValueOrDefault(memberId, (-2, 0));
            var streak = correct ? (lastIndex == index - 1 ? previous + 1 : 1) : 0;
            data.Streaks[memberId] = (index, streak);
            var points = scoring.For(correct, elapsed, (long)timer.TotalMilliseconds, streak);
            data.Scores[memberId] = data.Scores.GetValueOrDefault(memberId) + points;
            var outcome = new AnswerOutcome(AnswerStatus.Accepted, correct, points, elapsed, streak);
            data.Answers[(index, memberId)] = outcome;
            return Task.FromResult(outcome);
        }
    }

    public Task<IReadOnlyList<Standing>> StandingsAsync(string roomId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var scores = _rooms.GetValueOrDefault(roomId)?.Scores ?? [];
            return Task.FromResult<IReadOnlyList<Standing>>(scores.Where(s => s.Value > 0)
                .OrderByDescending(s => s.Value).ThenByDescending(s => s.Key, StringComparer.Ordinal)
                .Select((s, i) => new Standing(s.Key, s.Value, i + 1)).ToList());
        }
    }

    public Task<IReadOnlyDictionary<string, AnswerOutcome>> AnswersAsync(string roomId, int index, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var answers = _rooms.GetValueOrDefault(roomId)?.Answers ?? [];
            return Task.FromResult<IReadOnlyDictionary<string, AnswerOutcome>>(answers.Where(a => a.Key.Index == index).ToDictionary(a => a.Key.MemberId, a => a.Value));
        }
    }

    public Task<IReadOnlyList<string>> ActiveRoomsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>(_rooms.Values.Where(r => r.Active).Select(r => r.Room.Id).ToList());
        }
    }

    public Task FinishAsync(Room room, CompetitionResult result, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rooms.GetValueOrDefault(room.Id) is { Active: true } data)
            {
                data.Active = false;
                _roomCodes.Remove(room.Code);
                _results.Insert(0, result);
            }
        }

        return Task.CompletedTask;
    }

    public Task ExpireAsync(Room room, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rooms.GetValueOrDefault(room.Id) is { Active: true } data)
            {
                data.Active = false;
                _roomCodes.Remove(room.Code);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CompetitionResult>> ResultsAsync(int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<CompetitionResult>>(_results.Take(count).ToList());
        }
    }

    private sealed class RoomData(Room room, RoomState state)
    {
        public Room Room { get; } = room;

        public RoomState State { get; set; } = state;

        public bool Active { get; set; } = true;

        public Dictionary<string, Participant> Participants { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Dropped { get; } = new(StringComparer.Ordinal);

        public Dictionary<(int Index, string MemberId), DateTimeOffset> Pushed { get; } = [];

        public Dictionary<(int Index, string MemberId), AnswerOutcome> Answers { get; } = [];

        public Dictionary<string, (int LastIndex, int Streak)> Streaks { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Scores { get; } = new(StringComparer.Ordinal);
    }
}
