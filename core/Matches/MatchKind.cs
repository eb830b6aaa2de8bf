namespace BranchBot.Core.Matches;

/// <summary>双人对战 (two players) or 四人赛 (four).</summary>
public enum MatchKind
{
    Duel = 2,
    Four = 4,
}

internal static class MatchKinds
{
    public static int Size(this MatchKind kind) => (int)kind;

    /// <summary>The name members know it by.</summary>
    public static string Title(this MatchKind kind) => kind == MatchKind.Duel ? "对战" : "四人赛";

    /// <summary>The points rule in the ledger (its own daily cap).</summary>
    public static string Rule(this MatchKind kind) => kind == MatchKind.Duel ? "duel" : "four";
}
