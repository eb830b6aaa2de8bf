using BranchBot.Core.Competitions;
using BranchBot.Core.Matches;

namespace BranchBot.Adapters.Memory;

/// <summary>对战 and 四人赛 in process: each call under the store's one lock, as each Redis script is atomic.</summary>
public sealed partial class MemoryStore : IMatchStore
{
    private readonly Dictionary<string, MatchWhere> _matchWhere = new(StringComparer.Ordinal);
    private readonly Dictionary<MatchKind, List<(MatchPlayer Player, DateTimeOffset At)>> _matchQueues = new() { [MatchKind.Duel] = [], [MatchKind.Four] = [] };
    private readonly Dictionary<string, PendingMatch> _pendingMatches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _dueMatches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MatchData> _matches = new(StringComparer.Ordinal);

    public Task<QueueOutcome> EnqueueAsync(MatchKind kind, MatchPlayer player, string matchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_matchWhere.TryGetValue(player.MemberId, out var where))
            {
                var status = where.MatchId is not null ? QueueStatus.Playing : where.Queued == kind ? QueueStatus.Waiting : QueueStatus.WaitingElsewhere;
                return Task.FromResult(new QueueOutcome(status, where, where.Queued is { } queued ? _matchQueues[queued].Count : 0));
            }

            var queue = _matchQueues[kind];
            queue.Add((player, now));
            _matchWhere[player.MemberId] = MatchWhere.InQueue(kind);
            var waiting = queue.Count;
            if (waiting < (int)kind)
            {
                return Task.FromResult(new QueueOutcome(QueueStatus.Waiting, MatchWhere.InQueue(kind), waiting));
            }

            FormMatch(kind, queue.Count, matchId, now);
            return Task.FromResult(new QueueOutcome(QueueStatus.Playing, MatchWhere.InMatch(matchId), waiting));
        }
    }

    public Task<bool> LeaveQueueAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_matchWhere.GetValueOrDefault(memberId) is not { Queued: { } kind })
            {
                return Task.FromResult(false);
            }

            _matchQueues[kind].RemoveAll(w => w.Player.MemberId == memberId);
            _matchWhere.Remove(memberId);
            return Task.FromResult(true);
        }
    }

    public Task<MatchWhere?> WhereAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_matchWhere.GetValueOrDefault(memberId));
        }
    }

    public Task<MatchSweep> SweepMatchesAsync(DateTimeOffset now, TimeSpan wait, TimeSpan lease, int limit, string shortMatchId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var dropped = new List<DroppedWaiter>();
            foreach (var kind in new[] { MatchKind.Duel, MatchKind.Four })
            {
                var queue = _matchQueues[kind];
                if (queue.Count == 0 || queue[0].At > now - wait)
                {
                    continue;
                }

                if (queue.Count >= 2)
                {
                    FormMatch(kind, Math.Min(queue.Count, (int)kind), shortMatchId + "-" + (int)kind, now);
                    continue;
                }

                foreach (var late in queue.Where(w => w.At <= now - wait).ToList())
                {
                    queue.Remove(late);
                    _matchWhere.Remove(late.Player.MemberId);
                    dropped.Add(new DroppedWaiter(kind, late.Player));
                }
            }

            var due = _dueMatches.Where(d => d.Value <= now).OrderBy(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Take(limit).Select(d => d.Key).ToList();
            foreach (var id in due)
            {
                _dueMatches[id] = now + lease;
            }

            return Task.FromResult(new MatchSweep(due.Select(id => new DueMatch(id, _pendingMatches.GetValueOrDefault(id))).ToList(), dropped));
        }
    }

    public Task<Match> CreateMatchAsync(Match match, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_matches.TryGetValue(match.Id, out var data))
            {
                data = new MatchData(match, new MatchProgress(MatchPhase.Ready, -1, now, 1));
                foreach (var p in match.Players)
                {
                    data.Scores[p.MemberId] = 0;
                }

                _matches[match.Id] = data;
            }

            _pendingMatches.Remove(match.Id);
            return Task.FromResult(data.Match);
        }
    }

    public Task<Match?> GetMatchAsync(string matchId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_matches.GetValueOrDefault(matchId)?.Match);
        }
    }

    public Task<MatchProgress?> GetMatchProgressAsync(string matchId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_matches.GetValueOrDefault(matchId)?.Progress);
        }
    }

    public Task<bool> SaveMatchProgressAsync(string matchId, MatchProgress next, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_matches.GetValueOrDefault(matchId) is not { } data || data.Progress.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            data.Progress = next;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> ClaimMatchPushesAsync(string matchId, string stage, IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_matches.GetValueOrDefault(matchId) is not { } data)
            {
                return Task.FromResult<IReadOnlyList<string>>([]);
            }

            return Task.FromResult<IReadOnlyList<string>>(memberIds.Where(m => data.Sent.Add(stage + ":" + m)).ToList());
        }
    }

    public Task RecordMatchPushesAsync(string matchId, int index, IReadOnlyList<(string MemberId, DateTimeOffset At)> pushes, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_matches.GetValueOrDefault(matchId) is { } data)
            {
                foreach (var (member, at) in pushes)
                {
                    data.Pushes[(index, member)] = at;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, DateTimeOffset>> MatchPushesAsync(string matchId, int index, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var pushes = _matches.GetValueOrDefault(matchId)?.Pushes.Where(p => p.Key.Index == index).ToDictionary(p => p.Key.MemberId, p => p.Value, StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyDictionary<string, DateTimeOffset>>(pushes ?? []);
        }
    }

    public Task<MatchAnswer> AnswerMatchAsync(string matchId, string memberId, string verdicts, DateTimeOffset at, TimeSpan timer, CompetitionScoring scoring, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var data = _matches.GetValueOrDefault(matchId);
            if (data is null || data.Progress.Phase is MatchPhase.Finishing or MatchPhase.Finished)
            {
                return Task.FromResult(new MatchAnswer(MatchAnswerStatus.Over, data?.Progress.Index ?? -1));
            }

            var index = data.Progress.Index;
            if (data.Match.Players.All(p => p.MemberId != memberId))
            {
                return Task.FromResult(new MatchAnswer(MatchAnswerStatus.NotPlayer, index));
            }

            if (data.Progress.Phase != MatchPhase.Open)
            {
                return Task.FromResult(new MatchAnswer(MatchAnswerStatus.Closed, index));
            }

            var answered = data.Answers.Count(a => a.Key.Index == index);
            if (data.Answers.TryGetValue((index, memberId), out var earlier))
            {
                return Task.FromResult(earlier with { Status = MatchAnswerStatus.Duplicate, Answered = answered });
            }

            var verdict = index < verdicts.Length ? verdicts[index] : 'u';
            if (verdict is not ('1' or '0'))
            {
                return Task.FromResult(new MatchAnswer(MatchAnswerStatus.Unrecognised, index));
            }

            var pushed = data.Pushes.TryGetValue((index, memberId), out var p) ? p : data.Progress.OpenedAt;
            var elapsed = Math.Max(0, (long)(at - pushed).TotalMilliseconds);
            if (elapsed > (long)timer.TotalMilliseconds)
            {
                return Task.FromResult(new MatchAnswer(MatchAnswerStatus.Late, index));
            }

            var correct = verdict == '1';
            var (last, streak) = data.Streaks.GetValueOrDefault(memberId, (-2, 0));
            streak = correct ? (last == index - 1 ? streak + 1 : 1) : 0;
            data.Streaks[memberId] = (index, streak);
            var points = scoring.For(correct, elapsed, (long)timer.TotalMilliseconds, streak);
            var answer = new MatchAnswer(MatchAnswerStatus.Accepted, index, correct, points, elapsed, answered + 1);
            data.Answers[(index, memberId)] = answer;
            data.Scores[memberId] = data.Scores.GetValueOrDefault(memberId) + points;
            return Task.FromResult(answer);
        }
    }

    public Task<IReadOnlyDictionary<string, MatchAnswer>> MatchAnswersAsync(string matchId, int index, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var answers = _matches.GetValueOrDefault(matchId)?.Answers.Where(a => a.Key.Index == index)
                .ToDictionary(a => a.Key.MemberId, a => a.Value with { Answered = 0 }, StringComparer.Ordinal);
            return Task.FromResult<IReadOnlyDictionary<string, MatchAnswer>>(answers ?? []);
        }
    }

    public Task<IReadOnlyDictionary<string, int>> MatchScoresAsync(string matchId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>(_matches.GetValueOrDefault(matchId)?.Scores ?? [], StringComparer.Ordinal));
        }
    }

    public Task ScheduleMatchAsync(string matchId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _dueMatches[matchId] = at;
        }

        return Task.CompletedTask;
    }

    public Task WakeMatchAsync(string matchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_dueMatches.TryGetValue(matchId, out var due) && due > now)
            {
                _dueMatches[matchId] = now;
            }
        }

        return Task.CompletedTask;
    }

    public Task ReleaseMatchAsync(string matchId, IReadOnlyList<string> memberIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _dueMatches.Remove(matchId);
            _pendingMatches.Remove(matchId);
            foreach (var member in memberIds)
            {
                if (_matchWhere.GetValueOrDefault(member)?.MatchId == matchId)
                {
                    _matchWhere.Remove(member);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The first <paramref name="count"/> waiting members of the queue become a pending match, due now. Under the lock.</summary>
    private void FormMatch(MatchKind kind, int count, string matchId, DateTimeOffset now)
    {
        var queue = _matchQueues[kind];
        var players = queue.Take(count).Select(w => w.Player).ToList();
        queue.RemoveRange(0, count);
        foreach (var p in players)
        {
            _matchWhere[p.MemberId] = MatchWhere.InMatch(matchId);
        }

        _pendingMatches[matchId] = new PendingMatch(matchId, kind, players, now);
        _dueMatches[matchId] = now;
    }

    private sealed class MatchData(Match match, MatchProgress progress)
    {
        public Match Match { get; } = match;

        public MatchProgress Progress { get; set; } = progress;

        public HashSet<string> Sent { get; } = new(StringComparer.Ordinal);

        public Dictionary<(int Index, string MemberId), DateTimeOffset> Pushes { get; } = [];

        public Dictionary<(int Index, string MemberId), MatchAnswer> Answers { get; } = [];

        public Dictionary<string, (int Last, int Streak)> Streaks { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Scores { get; } = new(StringComparer.Ordinal);
    }
}
