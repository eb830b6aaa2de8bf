namespace BranchBot.Core.Study;

/// <summary>Chooses questions for a member: never one seen within the no-repeat window while the bank allows.</summary>
internal static class QuestionDraw
{
    /// <param name="seed">Makes the draw the same when a turn runs again after a save conflict.</param>
    public static IReadOnlyList<Question> Pick(
        QuestionBank bank, IReadOnlyDictionary<string, DateOnly> seen, DateOnly today, int noRepeatDays, int count,
        string seed, IReadOnlySet<string>? exclude = null) =>
        Pick(bank.All, seen, today, noRepeatDays, count, seed, exclude);

    /// <param name="pool">The questions to draw from (the whole bank, or one category for 专项答题).</param>
    public static IReadOnlyList<Question> Pick(
        IReadOnlyList<Question> pool, IReadOnlyDictionary<string, DateOnly> seen, DateOnly today, int noRepeatDays, int count,
        string seed, IReadOnlySet<string>? exclude = null)
    {
        var random = new Random(StringComparer.Ordinal.GetHashCode(seed) ^ seed.Length);
        var horizon = today.AddDays(-noRepeatDays);
        var candidates = pool.Where(q => exclude is null || !exclude.Contains(q.Id)).ToArray();
        random.Shuffle(candidates);

        // Fresh questions first (never seen, or seen before the window), then the ones seen longest ago; the shuffled
        // position breaks ties. One packed key per question sorts as a primitive, with no comparer calls on the hot path.
        var keys = new long[candidates.Length];
        for (var i = 0; i < candidates.Length; i++)
        {
            var day = seen.TryGetValue(candidates[i].Id, out var last) ? last.DayNumber : 0;
            var recent = day > horizon.DayNumber ? 1L : 0L;
            keys[i] = (recent << 62) | ((long)day << 24) | (uint)i;
        }

        Array.Sort(keys, candidates);

        // Never two questions of the same fact in one draw: one could give the other's answer away.
        var picked = new List<Question>(count);
        var facts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (picked.Count == count)
            {
                break;
            }

            if (candidate.Fact is null || facts.Add(candidate.Fact))
            {
                picked.Add(candidate);
            }
        }

        return picked;
    }
}
