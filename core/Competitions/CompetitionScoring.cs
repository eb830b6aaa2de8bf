namespace BranchBot.Core.Competitions;

/// <summary>
/// Kahoot's formula: a correct answer earns round(P × (1 − (t/T)/2)) — all of P within the full-points time, never
/// less than P/2 — plus a streak bonus of <c>StreakBonus × (streak − 1)</c> capped at <c>StreakBonusCap</c>.
/// Twin of the Answer script in RedisStore.Competitions.cs; CompetitionStoreContractTests.Answer_* hold both to a table of numbers.
/// </summary>
public sealed record CompetitionScoring(int Points, int StreakBonus, int StreakBonusCap, long FullPointsWithinMs)
{
    public static CompetitionScoring From(CompetitionOptions o) => new(o.Points, o.StreakBonus, o.StreakBonusCap, (long)o.FullPointsWithin.TotalMilliseconds);

    public int Base(long elapsedMs, long timerMs)
    {
        if (elapsedMs < FullPointsWithinMs)
        {
            return Points;
        }

        var fraction = Math.Min(1.0, (double)elapsedMs / timerMs);
        return (int)Math.Floor(Points * (1 - fraction / 2) + 0.5);
    }

    public int Bonus(int streak) => streak <= 1 ? 0 : Math.Min(StreakBonus * (streak - 1), StreakBonusCap);

    /// <summary>Points for an answer given the streak including it (0 when wrong).</summary>
    public int For(bool correct, long elapsedMs, long timerMs, int streak) => correct ? Base(elapsedMs, timerMs) + Bonus(streak) : 0;
}
