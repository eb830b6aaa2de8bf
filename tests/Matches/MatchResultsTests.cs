using BranchBot.Core.Matches;

namespace BranchBot.Tests.Matches;

/// <summary>Places and place points of a finished match.</summary>
public sealed class MatchResultsTests
{
    private static readonly MatchPlayer A = new("a", "甲", "b1", "oa"), B = new("b", "乙", "b1", "ob"), C = new("c", "丙", "b2", "oc"), D = new("d", "丁", "b2", "od");

    private static MatchAnswer Right(int points, long ms) => new(MatchAnswerStatus.Accepted, 0, true, points, ms);

    [Fact]
    public void Rank_ByScoreThenTimeUsed_TiesShareAPlace_UnansweredCostsTheWholeTimer()
    {
        var match = new Match("m", MatchKind.Four, [A, B, C, D], ["q1", "q2"], 20, DateTimeOffset.UnixEpoch);
        var scores = new Dictionary<string, int> { ["a"] = 1900, ["b"] = 1900, ["c"] = 1900, ["d"] = 0 };
        IReadOnlyDictionary<string, MatchAnswer> first = new Dictionary<string, MatchAnswer> { ["a"] = Right(950, 2000), ["b"] = Right(950, 2000), ["c"] = Right(1900, 400) };
        IReadOnlyDictionary<string, MatchAnswer> second = new Dictionary<string, MatchAnswer> { ["a"] = Right(950, 2000), ["b"] = Right(950, 2000) };

        var rows = MatchResults.Rank(match, scores, [first, second]);

        Assert.Equal(["a", "b", "c", "d"], rows.Select(r => r.Player.MemberId));
        Assert.Equal([1, 1, 3, 4], rows.Select(r => r.Place));
        Assert.Equal([4000L, 4000L, 20_400L, 40_000L], rows.Select(r => r.TimeMs));
        Assert.Equal([2, 2, 1, 0], rows.Select(r => r.Correct));
        Assert.False(rows[3].Played);

        int[] places = [3, 2, 1, 1];
        Assert.Equal([3, 3, 1, 0], rows.Select(r => MatchResults.PointsFor(r, places)));
        Assert.Equal(0, MatchResults.PointsFor(rows[2], [2, 1]));
    }
}
