using System.Globalization;
using System.Text;
using BranchBot.Core.Members;
using BranchBot.Core.Messaging;
using BranchBot.Core.Study;
using BranchBot.Core.Storage;
using BranchBot.Core.Telemetry;

namespace BranchBot.Core.Competitions;

/// <summary>
/// Moves rooms along: opens each question and pushes it to every participant, closes it when every participant's
/// timer has run out, pushes answers and standings, and finishes with the podium. Every instance ticks; the one holding
/// a room's lease acts, and each move is a compare-and-set on the room's state, so a room's clock runs once.
/// </summary>
public sealed class CompetitionEngine(
    ICompetitionStore store,
    QuestionBankCache bank,
    IMessenger messenger,
    IGroupRobot robot,
    IStudyStore study,
    IRankingStore rankings,
    IMemberStore members,
    ISharedState shared,
    CompetitionOptions options,
    TimeProvider time,
    BotMetrics? metrics = null)
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(5);

    /// <summary>Competition answers and push lag are counted here, for the feature and the engine alike.</summary>
    public BotMetrics Metrics { get; } = metrics ?? BotMetrics.Disabled;
    private readonly string _owner = Guid.NewGuid().ToString("N");

    public CompetitionScoring Scoring { get; } = CompetitionScoring.From(options);

    /// <summary>
    /// Looks at every active room and moves the ones whose lease this instance holds; returns rooms moved. A room that
    /// fails is reported to <paramref name="failed"/> and skipped, so it never holds up the others.
    /// </summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken, Action<string, Exception>? failed = null)
    {
        var moved = 0;
        foreach (var roomId in await store.ActiveRoomsAsync(cancellationToken))
        {
            try
            {
                if (await HoldLeaseAsync(roomId, cancellationToken) && await StepAsync(roomId, cancellationToken))
                {
                    moved++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed?.Invoke(roomId, e);
            }
        }

        return moved;
    }

    /// <summary>Opens the first question now (the host said 开始); false if the room is not in its lobby.</summary>
    public async Task<bool> StartAsync(Room room, CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(room.Id, cancellationToken);
        if (state is not { Phase: RoomPhase.Lobby })
        {
            return false;
        }

        var now = time.GetUtcNow();
        return await store.SaveStateAsync(room.Id, state with { Phase = RoomPhase.Review, NextAt = now, HostSeenAt = now, Version = state.Version + 1 }, state.Version, cancellationToken);
    }

    private async Task<bool> StepAsync(string roomId, CancellationToken cancellationToken)
    {
        var state = await store.GetStateAsync(roomId, cancellationToken);
        var room = await store.GetRoomAsync(roomId, cancellationToken);
        if (state is null || room is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        return state.Phase switch
        {
            RoomPhase.Lobby when now - room.CreatedAt >= options.LobbyExpiry => await ExpireAsync(room, state, cancellationToken),
            RoomPhase.Paused when now - state.HostSeenAt >= options.PausedExpiry => await ExpireAsync(room, state, cancellationToken),
            RoomPhase.Open when now >= state.ClosesAt => await CloseAsync(room, state, cancellationToken),
            RoomPhase.Review when state.NextAt is { } next && now >= next => await AdvanceAsync(room, state, cancellationToken),
            RoomPhase.Review when state.NextAt is null && now - state.HostSeenAt >= options.HostGrace => await AdvanceAsync(room, state, cancellationToken),
            _ => false,
        };
    }

    /// <summary>Opens the next question, or finishes after the last one.</summary>
    public async Task<bool> AdvanceAsync(Room room, RoomState state, CancellationToken cancellationToken)
    {
        var index = state.Index + 1;
        if (index >= room.QuestionIds.Count)
        {
            return await FinishAsync(room, state, cancellationToken);
        }

        var question = bank.Current.Find(room.QuestionIds[index]);
        var now = time.GetUtcNow();
        var timer = TimeSpan.FromSeconds(room.Seconds);
        var open = state with { Phase = RoomPhase.Open, Index = index, OpenedAt = now, ClosesAt = now + timer, NextAt = null, Version = state.Version + 1 };
        if (question is null || !await store.SaveStateAsync(room.Id, open, state.Version, cancellationToken))
        {
            return false;
        }

        var text = CompetitionTexts.Question(question, index, room.QuestionIds.Count, room.Seconds);
        var pushes = await FanOutAsync(room, _ => text, cancellationToken);
        await store.RecordPushesAsync(room.Id, index, pushes, cancellationToken);

        // The question closes when the last participant's own timer has run out.
        var last = pushes.Count == 0 ? now : pushes.Max(p => p.At);
        await store.SaveStateAsync(room.Id, open with { ClosesAt = last + timer, Version = open.Version + 1 }, open.Version, cancellationToken);
        await PostToGroupAsync(room, "question:" + room.Id, CompetitionTexts.RobotQuestion(room, question, index), cancellationToken);
        return true;
    }

    private async Task<bool> CloseAsync(Room room, RoomState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var review = state with { Phase = RoomPhase.Review, NextAt = room.AutoAdvance ? now + options.ReviewTime : null, Version = state.Version + 1 };
        if (!await store.SaveStateAsync(room.Id, review, state.Version, cancellationToken))
        {
            return false;
        }

        var question = bank.Current.Find(room.QuestionIds[state.Index])!;
        var answers = await store.AnswersAsync(room.Id, state.Index, cancellationToken);
        var participants = await store.ParticipantsAsync(room.Id, cancellationToken);
        var (standings, names) = await BoardAsync(room, participants, cancellationToken);
        var top = CompetitionTexts.Top(standings.Take(5), names);
        await FanOutAsync(room, p => CompetitionTexts.Review(question, state.Index, room.QuestionIds.Count, answers.GetValueOrDefault(p.MemberId), standings, p.MemberId, participants.Count, top, room.AutoAdvance), cancellationToken);
        await PostToGroupAsync(room, "standings:" + room.Id, CompetitionTexts.RobotStandings(room, state.Index, question, top, answers.Count, participants.Count), cancellationToken);
        return true;
    }

    /// <summary>An abandoned room (never started, or left paused) ends without a result and leaves the active rooms.</summary>
    private async Task<bool> ExpireAsync(Room room, RoomState state, CancellationToken cancellationToken)
    {
        if (!await store.SaveStateAsync(room.Id, state with { Phase = RoomPhase.Finished, NextAt = null, Version = state.Version + 1 }, state.Version, cancellationToken))
        {
            return false;
        }

        await store.ExpireAsync(room, cancellationToken);
        return true;
    }

    /// <summary>Ends the room (after the last question, or when the host says 结束): podium, ranks, teams, stored result.</summary>
    public async Task<bool> FinishAsync(Room room, RoomState state, CancellationToken cancellationToken)
    {
        var finished = state with { Phase = RoomPhase.Finished, NextAt = null, Version = state.Version + 1 };
        if (!await store.SaveStateAsync(room.Id, finished, state.Version, cancellationToken))
        {
            return false;
        }

        var participants = await store.ParticipantsAsync(room.Id, cancellationToken);
        var (standings, names) = await BoardAsync(room, participants, cancellationToken);
        var result = await ResultAsync(room, participants, standings, cancellationToken);
        var podium = CompetitionTexts.Podium(result);
        var teams = room.TeamMode ? CompetitionTexts.Teams(result.Teams) : string.Empty;
        await FanOutAsync(room, p => CompetitionTexts.Final(podium, result.Individuals.First(r => r.MemberId == p.MemberId), participants.Count, teams), cancellationToken);
        await PostToGroupAsync(room, "final:" + room.Id, CompetitionTexts.RobotFinal(room, podium, teams), cancellationToken);
        await store.FinishAsync(room, result, cancellationToken);
        await CreditStudyPointsAsync(room, result, cancellationToken);
        return true;
    }

    private async Task<(IReadOnlyList<Standing> Standings, IReadOnlyDictionary<string, string> Names)> BoardAsync(Room room, IReadOnlyList<Participant> participants, CancellationToken cancellationToken)
    {
        var standings = await store.StandingsAsync(room.Id, cancellationToken);
        return (standings, participants.ToDictionary(p => p.MemberId, p => p.Name));
    }

    private async Task<CompetitionResult> ResultAsync(Room room, IReadOnlyList<Participant> participants, IReadOnlyList<Standing> standings, CancellationToken cancellationToken)
    {
        var points = standings.ToDictionary(s => s.MemberId, s => s.Points);
        var ordered = participants
            .OrderByDescending(p => points.GetValueOrDefault(p.MemberId))
            .ThenByDescending(p => p.MemberId, StringComparer.Ordinal)
            .ToList();
        var individuals = new List<ResultRow>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var p = ordered[i];
            var score = points.GetValueOrDefault(p.MemberId);
            var rank = i > 0 && individuals[i - 1].Points == score ? individuals[i - 1].Rank : i + 1;
            individuals.Add(new ResultRow(rank, p.MemberId, p.Name, p.BranchId, score));
        }

        var unitNames = (await members.ListUnitsAsync(cancellationToken)).ToDictionary(u => u.Id, u => u.Name);
        var teams = individuals.GroupBy(r => r.BranchId)
            .Select(g => (Branch: g.Key, Count: g.Count(), Average: g.Average(r => (double)r.Points)))
            .OrderByDescending(t => t.Average)
            .Select((t, i) => new TeamRow(i + 1, t.Branch, unitNames.GetValueOrDefault(t.Branch, t.Branch), t.Count, Math.Round(t.Average, 1)))
            .ToList();
        return new CompetitionResult(room.Id, room.Title, room.BranchId, time.GetUtcNow(), individuals, teams);
    }

    private async Task CreditStudyPointsAsync(Room room, CompetitionResult result, CancellationToken cancellationToken)
    {
        if (options.ContestPointsPerStudyPoint <= 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var updates = new List<RankingUpdate>();
        foreach (var row in result.Individuals.Where(r => r.Points >= options.ContestPointsPerStudyPoint))
        {
            var award = new PointsAward($"contest:{room.Id}:{row.MemberId}", "contest", row.Points / options.ContestPointsPerStudyPoint, options.StudyPointsCap, now);
            var outcome = await study.RecordAsync(new StudyRecord(row.MemberId, award, null), cancellationToken);
            if (outcome.Awarded > 0)
            {
                updates.Add(new RankingUpdate(row.MemberId, row.BranchId, outcome.Awarded, now));
            }
        }

        await rankings.ApplyAsync(updates, cancellationToken);
    }

    /// <summary>
    /// Sends each reachable participant their text, in parallel (the messenger paces it). A participant whose
    /// customer-service window has closed (45015, 45047) is dropped from further pushes. Returns when each got it.
    /// </summary>
    private async Task<IReadOnlyList<(string MemberId, DateTimeOffset At)>> FanOutAsync(Room room, Func<Participant, string> text, CancellationToken cancellationToken)
    {
        var participants = await store.ParticipantsAsync(room.Id, cancellationToken);
        var dropped = await store.DroppedAsync(room.Id, cancellationToken);
        var pushed = new System.Collections.Concurrent.ConcurrentBag<(string, DateTimeOffset)>();
        var started = time.GetTimestamp();
        await Parallel.ForEachAsync(participants.Where(p => !dropped.Contains(p.MemberId)),
            new ParallelOptions { MaxDegreeOfParallelism = options.PushParallelism, CancellationToken = cancellationToken },
            async (p, ct) =>
            {
                var result = await messenger.SendTextAsync(p.OpenId, text(p), ct);
                if (result.Delivered)
                {
                    pushed.Add((p.MemberId, time.GetUtcNow()));
                    Metrics.CompetitionPushLag.Record(time.GetElapsedTime(started).TotalSeconds);
                }
                else if (result.ErrorCode is "45015" or "45047" or "43004")
                {
                    await store.DropAsync(room.Id, p.MemberId, ct);
                }
            });
        return pushed.ToList();
    }

    /// <summary>Posts to the room's group robot, if it has one (a group without a robot follows by 1:1 pushes).</summary>
    private Task PostToGroupAsync(Room room, string topic, string markdown, CancellationToken cancellationToken) =>
        room.RobotWebhook is { Length: > 0 } url ? robot.PostMarkdownAsync(url, topic, markdown, cancellationToken) : Task.CompletedTask;

    private async Task<bool> HoldLeaseAsync(string roomId, CancellationToken cancellationToken)
    {
        var key = "room-tick:" + roomId;
        if (await shared.TryAcquireLeaseAsync(key, _owner, LeaseTime, cancellationToken))
        {
            return true;
        }

        if (await shared.GetAsync(key, cancellationToken) == _owner)
        {
            await shared.SetAsync(key, _owner, LeaseTime, cancellationToken);
            return true;
        }

        return false;
    }
}
