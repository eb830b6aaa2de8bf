using BranchBot.Core.Ratings;

namespace BranchBot.Bot.Ratings;

internal sealed record StarItemView(string Rule, string Value, bool Kept);

internal sealed record StarView(string Kind, string Name, bool Basic, bool Computed, bool Awarded, IReadOnlyList<StarItemView> Items, string? Reason, string? AwardedBy, DateTimeOffset? AwardedAt);

internal sealed record FiguresView(
    int Members, int FullMembers, int MeetingsHeld, int MeetingsDue, int Expected, int Present, int Leave, int Absent, double AttendanceRate,
    int MakeUpOwed, int MakeUpDone, int MakeUpConfirmed, int MakeUpOverdue, int StudyActive, double StudyRate, int CommitteeSize, int Groups, int RosterIncomplete);

internal sealed record BranchStarsView(
    string BranchId, string BranchName, string Field, string FieldName, string Period, string PeriodLabel, bool Final, DateTimeOffset TakenAt,
    int Count, string Grade, IReadOnlyList<StarView> Stars, FiguresView Figures);

internal sealed record RankingRow(int Rank, string BranchId, string BranchName, int Stars, string Grade, double AttendanceRate);

internal sealed record RankingView(string Field, string FieldName, string Period, string PeriodLabel, IReadOnlyList<RankingRow> Rows);

internal sealed record BranchPage(BranchStarsView Stars, IReadOnlyList<StarHistoryPoint> History, RankingView Ranking);

internal sealed record AwardView(string Star, string StarName, bool Awarded, string Reason, string By, DateTimeOffset At);

internal sealed record OptionView(string Value, string Name);

internal sealed record StarsForm(IReadOnlyList<OptionView> Fields, IReadOnlyList<OptionView> AwardedStars, string CurrentQuarter, string CurrentYear, string CurrentMonth);

internal static class RatingViews
{
    public static BranchStarsView View(BranchStars s) => new(
        s.BranchId, s.BranchName, s.Field.ToString(), BranchFields.NameOf(s.Field), s.PeriodKey, s.PeriodLabel, s.Final, s.TakenAt, s.Count, s.Grade,
        s.Stars.Select(x => new StarView(x.Kind.ToString(), x.Name, x.Kind <= StarKind.Guarantee, !StarNames.IsAwarded(x.Kind), x.Awarded,
            x.Items.Select(i => new StarItemView(i.Rule, i.Value, i.Kept)).ToList(), x.Reason, x.AwardedBy, x.AwardedAt)).ToList(),
        Figures(s.Figures));

    public static FiguresView Figures(BranchFigures f) => new(
        f.Members, f.FullMembers, f.MeetingsHeld, f.MeetingsDue, f.Expected, f.Present, f.Leave, f.Absent, Math.Round(f.AttendanceRate, 4),
        f.MakeUpOwed, f.MakeUpDone, f.MakeUpConfirmed, f.MakeUpOverdue, f.StudyActive, Math.Round(f.StudyRate, 4), f.CommitteeSize, f.Groups, f.RosterIncomplete);

    public static RankingView Ranking(BranchField field, RatingPeriod period, IReadOnlyList<RankedBranch> ranked) => new(
        field.ToString(), BranchFields.NameOf(field), period.Key, period.Label,
        ranked.Select(r => new RankingRow(r.Rank, r.Stars.BranchId, r.Stars.BranchName, r.Stars.Count, r.Stars.Grade, Math.Round(r.Stars.Figures.AttendanceRate, 4))).ToList());

    public static AwardView Award(StarAward a) => new(a.Star.ToString(), StarNames.NameOf(a.Star), a.Awarded, a.Reason, a.By, a.At);
}
