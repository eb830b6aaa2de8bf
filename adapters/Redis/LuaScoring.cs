namespace BranchBot.Adapters.Redis;

/// <summary>
/// The competition formula in Lua, shared by the scripts that score an answer (a room's Answer, a match's
/// AnswerMatch), so the two cannot drift apart. Twin: CompetitionScoring.For (core/Competitions/CompetitionScoring.cs);
/// held together by CompetitionStoreContractTests.Answer_* and MatchStoreContractTests.
/// </summary>
internal static class LuaScoring
{
    /// <summary>
    /// <c>score(correct, elapsed, timer, index, stored, P, each, cap, full)</c> → points, new streak. <c>stored</c> is the
    /// member's "lastIndex|streak" (or false); a right answer to the question after the last one extends the streak.
    /// </summary>
    public const string Function = """
        local function score(correct, elapsed, timer, index, stored, p, each, cap, full)
          if not correct then return 0, 0 end
          local last, streak = -2, 0
          if stored then
            local sep = string.find(stored, '|', 1, true)
            last = tonumber(string.sub(stored, 1, sep - 1))
            streak = tonumber(string.sub(stored, sep + 1))
          end
          if last == index - 1 then streak = streak + 1 else streak = 1 end
          local base = p
          if elapsed >= full then
            local f = elapsed / timer
            if f > 1 then f = 1 end
            base = math.floor(p * (1 - f / 2) + 0.5)
          end
          local bonus = 0
          if streak > 1 then bonus = math.min(each * (streak - 1), cap) end
          return base + bonus, streak
        end

        """;
}
