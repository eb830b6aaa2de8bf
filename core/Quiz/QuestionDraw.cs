namespace BranchBot.Core.Quiz;

/// <summary>Chooses questions for a member: never one seen within the no-repeat window while the bank allows.</summary>
internal static class QuestionDraw
{
    /// <param name="seed">Makes the draw the same when a turn runs again after a save conflict.</param>
    public static IReadOnlyList<Question> Pick(
        QuestionBank bank, IReadOnlyDictionary<string, DateOnly> seen, DateOnly today, int noRepeatDays, int count,
        string seed, IReadOnlySet<string>? exclude = null)
    {
        var random = new Random(StringComparer.Ordinal.GetHashCode(seed) ^ seed.Length);
        var horizon = today.AddDays(-noRepeatDays);
        var candidates = bank.All.Where(q => exclude is null || !exclude.Contains(q.Id)).ToArray();
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
        return candidates.Length <= count ? candidates : candidates[..count];
    }
}
