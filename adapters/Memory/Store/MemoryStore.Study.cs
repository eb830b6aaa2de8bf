using BranchBot.Core.Study;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IStudyStore
{
    private readonly Dictionary<string, StudyState> _study = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _wrong = new(StringComparer.Ordinal);

    public Task<IReadOnlyDictionary<string, DateOnly>> GetSeenAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, DateOnly>>(new Dictionary<string, DateOnly>(StudyOf(memberId).Seen));
        }
    }

    public Task MarkSeenAsync(string memberId, IReadOnlyList<string> questionIds, DateOnly day, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var seen = StudyOf(memberId).Seen;
            foreach (var id in questionIds)
            {
                seen[id] = day;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, int>> GetWrongBookAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>(StudyOf(memberId).Book));
        }
    }

    // Twin of the Record script in RedisStore.Study.cs.
    public Task<StudyOutcome> RecordAsync(StudyRecord record, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var state = StudyOf(record.MemberId);
            if (record.WrongQuestionId is { } wrong)
            {
                _wrong[wrong] = _wrong.GetValueOrDefault(wrong) + 1;
            }

            int awarded = 0;
            var duplicate = false;
            if (record.Award is { } award)
            {
                if (state.Ledger.ContainsKey(award.SourceId))
                {
                    duplicate = true;
                }
                else
                {
                    var periods = StudyPeriods.For(award.At);
                    var capKey = "cap:" + award.Rule + ":" + periods.Day;
                    awarded = Math.Max(0, Math.Min(award.Points, award.DailyCap - state.Counters.GetValueOrDefault(capKey)));
                    state.Ledger[award.SourceId] = new LedgerEntry(award.SourceId, award.Rule, awarded, award.At);
                    foreach (var key in periods.All.Append(capKey))
                    {
                        state.Counters[key] = state.Counters.GetValueOrDefault(key) + awarded;
                    }
                }
            }

            var left = false;
            if (record.Book is { } book)
            {
                if (book.Op == WrongBookOp.Add)
                {
                    state.Book[book.QuestionId] = 0;
                }
                else if (state.Book.TryGetValue(book.QuestionId, out var rights))
                {
                    left = rights + 1 >= book.LeaveAfterRights;
                    if (left)
                    {
                        state.Book.Remove(book.QuestionId);
                    }
                    else
                    {
                        state.Book[book.QuestionId] = rights + 1;
                    }
                }
            }

            return Task.FromResult(new StudyOutcome(awarded, duplicate, left));
        }
    }

    public Task<IReadOnlyList<WrongCount>> MostWrongAsync(int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<WrongCount>>(_wrong.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Take(count).Select(p => new WrongCount(p.Key, p.Value)).ToList());
        }
    }

    public Task<PointsSummary> GetPointsAsync(string memberId, StudyPeriods periods, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var c = StudyOf(memberId).Counters;
            return Task.FromResult(new PointsSummary(c.GetValueOrDefault(periods.Day), c.GetValueOrDefault(periods.Week), c.GetValueOrDefault(periods.Month), c.GetValueOrDefault(StudyPeriods.AllTime)));
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<LedgerEntry>>(StudyOf(memberId).Ledger.Values.OrderBy(e => e.At).ToList());
        }
    }

    private StudyState StudyOf(string memberId)
    {
        if (!_study.TryGetValue(memberId, out var state))
        {
            _study[memberId] = state = new StudyState();
        }

        return state;
    }

    private sealed class StudyState
    {
        public Dictionary<string, DateOnly> Seen { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Book { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, LedgerEntry> Ledger { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Counters { get; } = new(StringComparer.Ordinal);
    }
}
