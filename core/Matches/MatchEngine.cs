using System.Collections.Concurrent;
using BranchBot.Core.Competitions;
using BranchBot.Core.Messaging;
using BranchBot.Core.Study;

namespace BranchBot.Core.Matches;

/// <summary>
/// Moves matches along without a host. Every instance sweeps: the sweep claims due matches for a lease (so one
/// instance moves each, and another takes over if it dies), and each move is a compare-and-set on the match's
/// progress. Every push is claimed before it is sent, so none goes out twice; points go through the ledger once per
/// match and member.
/// </summary>
public sealed class MatchEngine(
    IMatchStore store,
    QuestionBankCache bank,
    IMessenger messenger,
    IStudyStore study,
    IRankingStore rankings,
    MatchOptions options,
    CompetitionOptions competition,
    QuizOptions quiz,
    TimeProvider time)
{
    private const int CacheLimit = 4096;
    private readonly ConcurrentDictionary<string, Match> _matches = new(StringComparer.Ordinal);

    /// <summary>The competition formula: correctness and speed, with the streak bonus.</summary>
    public CompetitionScoring Scoring { get; } = CompetitionScoring.From(competition);

    public TimeSpan Timer { get; } = TimeSpan.FromSeconds(options.SecondsPerQuestion);

    /// <summary>A match by id; matches never change once created, so each instance reads one once.</summary>
    public async Task<Match?> FindAsync(string matchId, CancellationToken cancellationToken)
    {
        if (_matches.TryGetValue(matchId, out var known))
        {
            return known;
        }

        var match = await store.GetMatchAsync(matchId, cancellationToken);
        if (match is not null)
        {
            if (_matches.Count >= CacheLimit)
            {
                _matches.Clear();
            }

            _matches[matchId] = match;
        }

        return match;
    }

    /// <summary>
    /// One sweep: tells members no match was found for, then moves every due match this instance claimed. A match that
    /// fails is reported to <paramref name="failed"/> and comes back when its lease ends. Returns matches moved.
    /// </summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken, Action<string, Exception>? failed = null)
    {
        var sweep = await store.SweepMatchesAsync(time.GetUtcNow(), TimeSpan.FromSeconds(options.WaitSeconds), options.Lease, options.ClaimBatch,
            "mt" + Guid.NewGuid().ToString("N")[..16], cancellationToken);
        foreach (var dropped in sweep.Dropped)
        {
            await messenger.SendTextAsync(dropped.Player.OpenId, MatchTexts.NoneFound(dropped.Kind), cancellationToken);
        }

        var moved = 0;
        await Parallel.ForEachAsync(sweep.Due, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (due, ct) =>
        {
            try
            {
                if (await StepAsync(due, ct))
                {
                    Interlocked.Increment(ref moved);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failed?.Invoke(due.Id, e);
            }
        });
        return moved;
    }

    private async Task<bool> StepAsync(DueMatch due, CancellationToken cancellationToken)
    {
        var match = due.Pending is { } pending ? await CreateMatchAsync(pending, cancellationToken) : await FindAsync(due.Id, cancellationToken);
        var progress = match is null ? null : await store.GetMatchProgressAsync(match.Id, cancellationToken);
        if (match is null || progress is null)
        {
            await store.ReleaseMatchAsync(due.Id, [], cancellationToken);
            return false;
        }

        var now = time.GetUtcNow();
        switch (progress.Phase)
        {
            case MatchPhase.Ready:
                return await CloseAsync(match, progress with { Index = -1 }, cancellationToken);
            case MatchPhase.Open:
                // A crash may have cut the fan-out short: whoever was not reached yet is reached now (a no-op otherwise).
                await PushQuestionAsync(match, progress, cancellationToken);
                var pushes = await store.MatchPushesAsync(match.Id, progress.Index, cancellationToken);
                var answers = await store.MatchAnswersAsync(match.Id, progress.Index, cancellationToken);
                var deadline = (pushes.Count == 0 ? progress.OpenedAt : pushes.Values.Max()) + Timer;
                if (answers.Count >= match.Players.Count || now >= deadline)
                {
                    return await CloseAsync(match, progress, cancellationToken);
                }

                await store.ScheduleMatchAsync(match.Id, deadline, cancellationToken);
                return false;
            case MatchPhase.Finishing:
                return await FinishAsync(match, progress, cancellationToken);
            default:
                await store.ReleaseMatchAsync(match.Id, match.Players.Select(p => p.MemberId).ToList(), cancellationToken);
                return false;
        }
    }

    /// <summary>Closes the open question (or the start): opens the next one, or finishes after the last.</summary>
    private async Task<bool> CloseAsync(Match match, MatchProgress progress, CancellationToken cancellationToken)
    {
        var index = progress.Index + 1;
        var next = index < match.QuestionIds.Count
            ? new MatchProgress(MatchPhase.Open, index, time.GetUtcNow(), progress.Version + 1)
            : progress with { Phase = MatchPhase.Finishing, Version = progress.Version + 1 };
        if (!await store.SaveMatchProgressAsync(match.Id, next, progress.Version, cancellationToken))
        {
            return false;
        }

        if (next.Phase == MatchPhase.Finishing)
        {
            return await FinishAsync(match, next, cancellationToken);
        }

        await PushQuestionAsync(match, next, cancellationToken);
        return true;
    }

    /// <summary>Pushes question <c>Index</c> (after the previous one's answer) to each player not reached yet, and sets when it closes.</summary>
    private async Task PushQuestionAsync(Match match, MatchProgress progress, CancellationToken cancellationToken)
    {
        var index = progress.Index;
        var claimed = await store.ClaimMatchPushesAsync(match.Id, "q" + index, match.Players.Select(p => p.MemberId).ToList(), cancellationToken);
        if (claimed.Count == 0)
        {
            return;
        }

        var question = bank.Current.Find(match.QuestionIds[index]);
        var previous = index > 0 ? bank.Current.Find(match.QuestionIds[index - 1]) : null;
        var answers = previous is null ? null : await store.MatchAnswersAsync(match.Id, index - 1, cancellationToken);
        var scores = previous is null ? null : await store.MatchScoresAsync(match.Id, cancellationToken);
        var body = question is null ? "本题已从题库移除，本题不计分，请等待下一题。" : MatchTexts.Question(match, question, index);
        var delivered = await FanOutAsync(match, claimed, p =>
            (previous is null ? MatchTexts.Intro(match, p) : MatchTexts.Review(match, previous, index - 1, answers!.GetValueOrDefault(p.MemberId), scores!)) + "\n\n" + body,
            cancellationToken);
        await store.RecordMatchPushesAsync(match.Id, index, delivered, cancellationToken);
        var last = delivered.Count == 0 ? progress.OpenedAt : delivered.Max(d => d.At);
        await store.ScheduleMatchAsync(match.Id, last + Timer, cancellationToken);

        // Had every player answered before that, their wake came first and was overwritten: wake it again.
        if ((await store.MatchAnswersAsync(match.Id, index, cancellationToken)).Count >= match.Players.Count)
        {
            await store.WakeMatchAsync(match.Id, time.GetUtcNow(), cancellationToken);
        }
    }

    /// <summary>Places, points once per player (the ledger's source id), the result to each player once, then frees them.</summary>
    private async Task<bool> FinishAsync(Match match, MatchProgress progress, CancellationToken cancellationToken)
    {
        var scores = await store.MatchScoresAsync(match.Id, cancellationToken);
        var answers = await Task.WhenAll(Enumerable.Range(0, match.QuestionIds.Count).Select(i => store.MatchAnswersAsync(match.Id, i, cancellationToken)));
        var rows = MatchResults.Rank(match, scores, answers);
        var places = options.PlacePoints(match.Kind);
        var now = time.GetUtcNow();
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        var updates = new List<RankingUpdate>();
        foreach (var row in rows)
        {
            var planned = MatchResults.PointsFor(row, places);
            var outcome = planned > 0
                ? await study.RecordAsync(new StudyRecord(row.Player.MemberId, new PointsAward($"match:{match.Id}:{row.Player.MemberId}", match.Kind.Rule() + "@" + quiz.RulesVersion, planned, options.DailyCap(match.Kind), now), null), cancellationToken)
                : new StudyOutcome(0, false, false);
            if (outcome.Awarded > 0)
            {
                updates.Add(new RankingUpdate(row.Player.MemberId, row.Player.BranchId, outcome.Awarded, now));
            }

            notes[row.Player.MemberId] = MatchTexts.Points(match.Kind, planned, outcome.Awarded, outcome.Duplicate, row.Played);
        }

        await rankings.ApplyAsync(updates, cancellationToken);

        var claimed = await store.ClaimMatchPushesAsync(match.Id, "final", match.Players.Select(p => p.MemberId).ToList(), cancellationToken);
        if (claimed.Count > 0)
        {
            var lastIndex = match.QuestionIds.Count - 1;
            var last = lastIndex >= 0 ? bank.Current.Find(match.QuestionIds[lastIndex]) : null;
            await FanOutAsync(match, claimed, p =>
            {
                var review = last is null ? string.Empty : MatchTexts.Review(match, last, lastIndex, answers[lastIndex].GetValueOrDefault(p.MemberId), scores);
                return MatchTexts.Final(match, review, rows, rows.First(r => r.Player.MemberId == p.MemberId), notes[p.MemberId]);
            }, cancellationToken);
        }

        if (progress.Phase != MatchPhase.Finished)
        {
            await store.SaveMatchProgressAsync(match.Id, progress with { Phase = MatchPhase.Finished, Version = progress.Version + 1 }, progress.Version, cancellationToken);
        }

        await store.ReleaseMatchAsync(match.Id, match.Players.Select(p => p.MemberId).ToList(), cancellationToken);
        return true;
    }

    /// <summary>Draws the questions once for everyone (fresh to all players first, never two on one fact) and stores the match.</summary>
    private async Task<Match> CreateMatchAsync(PendingMatch pending, CancellationToken cancellationToken)
    {
        var seenByPlayer = await Task.WhenAll(pending.Players.Select(p => study.GetSeenAsync(p.MemberId, cancellationToken)));
        var seen = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var (id, day) in seenByPlayer.SelectMany(s => s))
        {
            seen[id] = seen.TryGetValue(id, out var known) && known > day ? known : day;
        }

        var today = StudyPeriods.ChinaDate(pending.FormedAt);
        var picks = QuestionDraw.Pick(bank.Current, seen, today, quiz.NoRepeatDays, options.Questions, pending.Id);
        var match = await store.CreateMatchAsync(new Match(pending.Id, pending.Kind, pending.Players, picks.Select(q => q.Id).ToArray(), options.SecondsPerQuestion, pending.FormedAt),
            time.GetUtcNow(), cancellationToken);
        await Task.WhenAll(match.Players.Select(p => study.MarkSeenAsync(p.MemberId, match.QuestionIds, today, cancellationToken)));
        _matches[match.Id] = match;
        return match;
    }

    /// <summary>Sends each player in <paramref name="memberIds"/> their text at once; returns when each got it.</summary>
    private async Task<IReadOnlyList<(string MemberId, DateTimeOffset At)>> FanOutAsync(Match match, IReadOnlyList<string> memberIds, Func<MatchPlayer, string> text, CancellationToken cancellationToken)
    {
        var players = match.Players.Where(p => memberIds.Contains(p.MemberId)).ToList();
        var sent = await Task.WhenAll(players.Select(async p =>
        {
            var result = await messenger.SendTextAsync(p.OpenId, text(p), cancellationToken);
            return (p.MemberId, Delivered: result.Delivered, At: time.GetUtcNow());
        }));
        return sent.Where(s => s.Delivered).Select(s => (s.MemberId, s.At)).ToList();
    }
}
