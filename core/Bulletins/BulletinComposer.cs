using BranchBot.Core.Common;
using System.Globalization;
using System.Text;
using BranchBot.Core.Meetings;
using BranchBot.Core.Ratings;

namespace BranchBot.Core.Bulletins;

/// <summary>Composes a bulletin from the month's stars and figures, and its texts: the robot's markdown and each secretary's notice.</summary>
public static class BulletinComposer
{
    /// <summary>Room left under the robot's 4096-byte markdown limit for the summary line and the link.</summary>
    internal const int PartBytes = 3600;

    public static Bulletin Compose(RatingPeriod month, IReadOnlyList<BranchStars> stars, DateTimeOffset now)
    {
        var rows = stars.OrderBy(s => s.BranchName, UnitNameComparer.Instance).Select(s => new BulletinRow(
            s.BranchId, s.BranchName, BranchFields.NameOf(s.Field),
            s.Figures.MeetingsHeld, s.Figures.MeetingsDue, s.Figures.Expected, s.Figures.Present, s.Figures.Leave, s.Figures.AttendanceRate,
            s.Figures.MakeUpOwed, s.Figures.StudyActive, s.Figures.Members, s.Count,
            s.Figures.Rules.Where(r => !r.Kept).Select(r => MeetingTypes.NameOf(r.Rule) + (r.GroupName is null ? string.Empty : "（" + r.GroupName + "）")).ToList(),
            s.Stars.Where(x => !x.Awarded && !StarNames.IsAwarded(x.Kind)).Select(x => x.Name).ToList())).ToList();
        var totals = new BulletinTotals(rows.Count, rows.Sum(r => r.MeetingsHeld), rows.Sum(r => r.MeetingsDue), rows.Sum(r => r.Expected), rows.Sum(r => r.Present),
            rows.Sum(r => r.Leave), rows.Sum(r => r.MakeUpOwed), rows.Sum(r => r.StudyActive), rows.Sum(r => r.Members),
            rows.Count == 0 ? 0 : Math.Round(rows.Average(r => r.Stars), 1));
        return new Bulletin(month.Key, month.Label, now, totals, rows);
    }

    /// <summary>
    /// The robot's posts: a heading, the organisation's line, then one line per branch, those that missed a rule
    /// first; each post under the robot's limit, at most <paramref name="maxParts"/>, the rest summarised in one line.
    /// </summary>
    public static IReadOnlyList<string> Markdown(Bulletin bulletin, int maxParts, string? link)
    {
        var t = bulletin.Totals;
        var head = $"# {bulletin.PeriodLabel}组织生活通报\n> 党支部 {N(t.Branches)} 个，三会一课已召开 {N(t.MeetingsHeld)}/{N(t.MeetingsDue)} 次，出勤率 {P(t.AttendanceRate)}，补学待完成 {N(t.MakeUpOwed)} 人次，参学率 {P(t.StudyRate)}，平均 {t.AverageStars.ToString("0.0", CultureInfo.InvariantCulture)} 星\n";
        var lines = bulletin.Rows.OrderBy(r => r.MissedRules.Count == 0).ThenBy(r => r.BranchName, UnitNameComparer.Instance).Select(Line).ToList();
        var parts = new List<StringBuilder> { new(head) };
        var placed = 0;
        foreach (var line in lines)
        {
            if (Bytes(parts[^1]) + Encoding.UTF8.GetByteCount(line) > PartBytes)
            {
                if (parts.Count == maxParts)
                {
                    break;
                }

                parts.Add(new StringBuilder($"# {bulletin.PeriodLabel}组织生活通报（续）\n"));
            }

            parts[^1].Append(line);
            placed++;
        }

        if (placed < lines.Count)
        {
            var rest = bulletin.Rows.Count - placed;
            parts[^1].Append(CultureInfo.InvariantCulture, $"其余 {rest} 个党支部本月三会一课均已落实，详见书记工作台。\n");
        }

        if (!string.IsNullOrWhiteSpace(link))
        {
            parts[^1].Append(CultureInfo.InvariantCulture, $"[查看完整通报]({link})\n");
        }

        return parts.Select(p => p.ToString()).ToList();
    }

    /// <summary>The notice to a branch's secretaries: the branch's own figures, and where to read the whole bulletin.</summary>
    public static string SecretaryText(Bulletin bulletin, BulletinRow row, string? link) =>
        $"【工作通报】{row.BranchName}{bulletin.PeriodLabel}：三会一课已召开 {N(row.MeetingsHeld)}/{N(row.MeetingsDue)} 次，出勤率 {P(row.AttendanceRate)}，补学待完成 {N(row.MakeUpOwed)} 人次，参学率 {P(row.StudyRate)}，星级 {N(row.Stars)} 星。"
        + (row.MissedRules.Count > 0 ? $"未落实：{string.Join("、", row.MissedRules)}。" : string.Empty)
        + (string.IsNullOrWhiteSpace(link) ? "详情请在书记工作台查看。" : $"详情请查看：{link}");

    private static string Line(BulletinRow r) =>
        $"**{r.BranchName}** 三会一课 {N(r.MeetingsHeld)}/{N(r.MeetingsDue)}，出勤 {P(r.AttendanceRate)}，补学待完成 {N(r.MakeUpOwed)}，参学 {P(r.StudyRate)}，{N(r.Stars)} 星"
        + (r.MissedRules.Count > 0 ? $"，<font color=\"warning\">未落实：{string.Join("、", r.MissedRules)}</font>" : string.Empty) + "\n";

    private static int Bytes(StringBuilder text) => Encoding.UTF8.GetByteCount(text.ToString());

    internal static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string P(double rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
