namespace BranchBot.Core.Matches;

/// <summary>A player's line in the result: place, score, time used, right answers, and whether they answered at all.</summary>
public sealed record MatchRow(int Place, MatchPlayer Player, int Score, long TimeMs, int Correct, bool Played);

/// <summary>Places a finished match: higher score first, then less time used; the same score and time share a place.</summary>
public static class MatchResults
{
    /// <param name="answers">Answers by question index, then by member.</param>
    public static IReadOnlyList<MatchRow> Rank(Match match, IReadOnlyDictionary<string, int> scores, IReadOnlyList<IReadOnlyDictionary<string, MatchAnswer>> answers)
    {
        var timerMs = match.Seconds * 1000L;
        var lines = match.Players.Select(p =>
            {
                var mine = answers.Select(a => a.GetValueOrDefault(p.MemberId)).ToList();
                // A question left unanswered costs its whole time, so answering nothing is never the fastest.
                var time = mine.Sum(a => a is null ? timerMs : Math.Min(a.ElapsedMs, timerMs));
                return (Player: p, Score: scores.GetValueOrDefault(p.MemberId), Time: time, Correct: mine.Count(a => a is { Correct: true }), Played: mine.Any(a => a is not null));
            })
            .OrderByDescending(l => l.Score)
            .ThenBy(l => l.Time)
            .ThenBy(l => l.Player.MemberId, StringComparer.Ordinal)
            .ToList();
        var rows = new List<MatchRow>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var tied = i > 0 && rows[i - 1].Score == l.Score && rows[i - 1].TimeMs == l.Time;
            rows.Add(new MatchRow(tied ? rows[i - 1].Place : i + 1, l.Player, l.Score, l.Time, l.Correct, l.Played));
        }

        return rows;
    }

    /// <summary>Points for a place; none for a player who answered nothing, or a place the list does not reach.</summary>
    public static int PointsFor(MatchRow row, IReadOnlyList<int> placePoints) =>
        row.Played && row.Place <= placePoints.Count ? placePoints[row.Place - 1] : 0;
}
