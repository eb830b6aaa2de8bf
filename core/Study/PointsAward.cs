namespace BranchBot.Core.Study;

/// <summary>
/// Points to award once. <paramref name="SourceId"/> is unique per earning event (e.g. member + set + question), so a
/// retried push, a double tap or two instances can never award twice. <paramref name="DailyCap"/> limits what one
/// <paramref name="Rule"/> gives a member per China calendar day.
/// </summary>
public sealed record PointsAward(string SourceId, string Rule, int Points, int DailyCap, DateTimeOffset At);

/// <summary>One line of a member's append-only points ledger.</summary>
public sealed record LedgerEntry(string SourceId, string Rule, int Points, DateTimeOffset At);

/// <summary>A member's points in the current day, week, month and all time.</summary>
public sealed record PointsSummary(int Today, int Week, int Month, int Total);
