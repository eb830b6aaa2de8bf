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

        // Fresh questions first (never seen, or seen before the window), then the ones seen longest ago.
        return candidates
            .OrderBy(q => seen.TryGetValue(q.Id, out var day) && day > horizon ? 1 : 0)
            .ThenBy(q => seen.TryGetValue(q.Id, out var day) ? day.DayNumber : 0)
            .Take(count)
            .ToArray();
    }
}
