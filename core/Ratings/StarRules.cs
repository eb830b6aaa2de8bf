using System.Globalization;
using BranchBot.Core.Meetings;

namespace BranchBot.Core.Ratings;

/// <summary>
/// The basic stars judged from a branch's figures by "一票否决、达标赋星": each star is a list of standards, and one
/// standard missed withholds it. 基本保障 and the 特色 stars are awarded by the organisation, never computed.
/// Articles cited are of the 中国共产党支部工作条例（试行） (2018).
/// </summary>
public static class StarRules
{
    public static IReadOnlyList<StarResult> Judge(BranchFigures f, IReadOnlyDictionary<StarKind, StarAward> awards, RatingOptions o)
    {
        var stars = new List<StarResult>
        {
            Computed(StarKind.Organisation, Organisation(f, o)),
            Computed(StarKind.Team, Team(f, o)),
            Computed(StarKind.System, SystemItems(f)),
            Computed(StarKind.Activity, Activity(f, o)),
        };
        foreach (var kind in Enum.GetValues<StarKind>().Where(StarNames.IsAwarded))
        {
            stars.Add(awards.TryGetValue(kind, out var award)
                ? new StarResult(kind, StarNames.NameOf(kind), true, [new StarItem("由党委评定", award.Reason, true)], null, award.By, award.At)
                : new StarResult(kind, StarNames.NameOf(kind), false, [], kind == StarKind.Guarantee ? "尚未经党委评定（阵地、经费等保障情况由党委认定）" : "尚未经党委评定"));
        }

        return stars;
    }

    internal static IReadOnlyList<StarItem> Organisation(BranchFigures f, RatingOptions o) =>
    [
        new("设支部书记（条例第二十条）", f.HasSecretary ? "已设书记" : "名册中没有书记", f.HasSecretary),
        new(Invariant($"党员人数较多的党支部划分党小组并设党小组组长（条例第十三条；本组织以 {o.GroupsFromMembers} 人为较多）"),
            Invariant($"党员 {f.Members} 人，党小组 {f.Groups} 个"), f.Members < o.GroupsFromMembers || f.Groups > 0),
        new("名册完整：每名党员登记手机号，设党小组的支部每名党员编入党小组",
            Invariant($"缺手机号 {f.MembersWithoutPhone} 人，未编入党小组 {f.MembersWithoutGroup} 人"), f.MembersWithoutPhone == 0 && f.MembersWithoutGroup == 0),
        new(Invariant($"党员绑定公众号不低于 {Percent(o.BindingThreshold)}（通知可以送达）"),
            Invariant($"已绑定 {f.Members - f.MembersUnbound}/{f.Members} 人（{Percent(Rate(f.Members - f.MembersUnbound, f.Members))}）"),
            Rate(f.Members - f.MembersUnbound, f.Members) >= o.BindingThreshold),
    ];

    internal static IReadOnlyList<StarItem> Team(BranchFigures f, RatingOptions o)
    {
        var required = f.FullMembers >= o.CommitteeFromFullMembers;
        return
        [
            new(Invariant($"正式党员 {o.CommitteeFromFullMembers} 人以上的党支部设立支部委员会，由 {o.CommitteeMin} 至 5 人组成，一般不超过 {o.CommitteeMax} 人（条例第二十条）"),
                Invariant($"正式党员 {f.FullMembers} 人，支委 {f.CommitteeSize} 人") + (required ? string.Empty : "（不要求设支委会）"),
                !required || (f.CommitteeSize >= o.CommitteeMin && f.CommitteeSize <= o.CommitteeMax)),
            new(Invariant($"党员参学率不低于 {Percent(o.StudyThreshold)}（本期有学习积分的党员 / 党员总数）"),
                Invariant($"{f.StudyActive}/{f.Members} 人（{Percent(f.StudyRate)}）"), f.Members > 0 && f.StudyRate >= o.StudyThreshold),
        ];
    }

    internal static IReadOnlyList<StarItem> SystemItems(BranchFigures f) =>
        f.Rules.Count == 0
            ? [new StarItem("本期到期的三会一课制度全部落实", "本期没有到期的制度", true)]
            : f.Rules.Select(r => new StarItem(RuleText(r), Invariant($"已召开 {Math.Min(r.Held, r.Due)} 次，应召开 {r.Due} 次"), r.Kept)).ToList();

    internal static IReadOnlyList<StarItem> Activity(BranchFigures f, RatingOptions o) =>
    [
        new(Invariant($"党员出勤率不低于 {Percent(o.AttendanceThreshold)}（实到 / (应到 − 请假)）"),
            f.Expected == 0 ? "本期没有应到的会议" : Invariant($"实到 {f.Present}，应到 {f.Expected}，请假 {f.Leave}（{Percent(f.AttendanceRate)}）"),
            f.Expected > 0 && f.AttendanceRate >= o.AttendanceThreshold),
        new("缺席、请假党员按期完成补学", Invariant($"应补学 {f.MakeUpOwed + f.MakeUpDone + f.MakeUpConfirmed} 人次，逾期未完成 {f.MakeUpOverdue} 人次"), f.MakeUpOverdue == 0),
    ];

    private static StarResult Computed(StarKind kind, IReadOnlyList<StarItem> items)
    {
        var missed = items.Where(i => !i.Kept).ToList();
        return new StarResult(kind, StarNames.NameOf(kind), missed.Count == 0, items,
            missed.Count == 0 ? null : "未达标：" + string.Join("；", missed.Select(i => i.Rule + "（" + i.Value + "）")));
    }

    private static string RuleText(RuleFigure r)
    {
        var name = MeetingTypes.NameOf(r.Rule) + (r.GroupName is null ? string.Empty : "（" + r.GroupName + "）");
        var cadence = r.Cadence switch { CompliancePeriod.Year => "每年", CompliancePeriod.Quarter => "每季度", _ => "每月" };
        var source = r.Rule switch
        {
            MeetingType.PartyCongress => "条例第十一条",
            MeetingType.Committee => "条例第十二条",
            MeetingType.GroupMeeting => "条例第十三条",
            _ => "条例第五章“组织生活”，频次按本组织规定",
        };
        return $"{name}{cadence}至少召开 1 次（{source}）";
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    internal static string Percent(double rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
