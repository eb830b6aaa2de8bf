namespace BranchBot.Core.Ratings;

/// <summary>
/// One award or withdrawal of a hand-awarded star (基本保障, 特色) by the organisation's admin, with the reason; the
/// history of these is kept whole. <paramref name="At"/> is UTC.
/// </summary>
public sealed record StarAward(string BranchId, StarKind Star, bool Awarded, string Reason, string By, DateTimeOffset At);

public static class StarAwards
{
    /// <summary>The awards standing at <paramref name="at"/>: for each star the last change before it, if that was an award.</summary>
    public static IReadOnlyDictionary<StarKind, StarAward> InForce(IEnumerable<StarAward> history, DateTimeOffset at) =>
        history.Where(a => a.At < at).GroupBy(a => a.Star).Select(g => g.OrderBy(a => a.At).Last()).Where(a => a.Awarded).ToDictionary(a => a.Star);
}
