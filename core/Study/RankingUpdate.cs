namespace BranchBot.Core.Study;

/// <summary>Points a member just earned, to add to the branch and organisation rankings of every period.</summary>
public sealed record RankingUpdate(string MemberId, string BranchId, int Points, DateTimeOffset At);
