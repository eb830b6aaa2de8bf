using BranchBot.Core.Meetings;
using BranchBot.Core.Ratings;

namespace BranchBot.Tests.Ratings;

/// <summary>
/// Each basic star's standards, one row each: kept (every standard met), missed (the standard named fails) and vetoed
/// (everything else excellent, one standard fails: the star is withheld all the same, and no other star moves).
/// </summary>
public sealed class StarRulesTests
{
    private static readonly RatingOptions Options = new();

    /// <summary>A branch of 12 that keeps everything: committee of 5, two 党小组, all rules held, 95% attendance.</summary>
    internal static BranchFigures Good() => new(
        "b1", "测试支部", "2026-Q4", Members: 12, FullMembers: 10,
        Rules: [new RuleFigure(MeetingType.Committee, CompliancePeriod.Month, null, null, 3, 3), new RuleFigure(MeetingType.PartyCongress, CompliancePeriod.Quarter, null, null, 1, 1)],
        Expected: 40, Present: 38, Leave: 0, Absent: 2, MakeUpOwed: 0, MakeUpDone: 1, MakeUpConfirmed: 1, MakeUpOverdue: 0,
        StudyActive: 10, CommitteeSize: 5, HasSecretary: true, Groups: 2, MembersWithoutGroup: 0, MembersWithoutPhone: 0, MembersUnbound: 1, RosterIncomplete: 1);

    public static TheoryData<string, StarKind, bool, string?> Table => new()
    {
        // kept
        { "good", StarKind.Organisation, true, null },
        { "good", StarKind.Team, true, null },
        { "good", StarKind.System, true, null },
        { "good", StarKind.Activity, true, null },
        { "small branch: no 党小组 and no committee required", StarKind.Organisation, true, null },
        { "small branch: no 党小组 and no committee required", StarKind.Team, true, null },
        // missed
        { "no secretary", StarKind.Organisation, false, "设支部书记" },
        { "large branch without 党小组", StarKind.Organisation, false, "划分党小组" },
        { "member without phone", StarKind.Organisation, false, "名册完整" },
        { "few bound", StarKind.Organisation, false, "绑定公众号" },
        { "committee of 2", StarKind.Team, false, "设立支部委员会" },
        { "committee of 8", StarKind.Team, false, "设立支部委员会" },
        { "low study", StarKind.Team, false, "参学率" },
        { "one 支委会 missed", StarKind.System, false, "支委会每月至少召开 1 次" },
        { "attendance 80%", StarKind.Activity, false, "出勤率" },
        { "no meeting to attend", StarKind.Activity, false, "本期没有应到的会议" },
        { "补学 overdue", StarKind.Activity, false, "补学" },
        // vetoed: one failing standard withholds a star whose other standards are excellent
        { "perfect attendance, one 补学 overdue", StarKind.Activity, false, "逾期未完成 1 人次" },
        { "everyone studies, committee of 2", StarKind.Team, false, "支委 2 人" },
        { "11 of 12 rules kept", StarKind.System, false, "党小组会（第二小组）" },
    };

    private static BranchFigures Case(string name) => name switch
    {
        "good" => Good(),
        "small branch: no 党小组 and no committee required" => Good() with { Members = 5, FullMembers = 5, Groups = 0, CommitteeSize = 1 },
        "no secretary" => Good() with { HasSecretary = false },
        "large branch without 党小组" => Good() with { Groups = 0 },
        "member without phone" => Good() with { MembersWithoutPhone = 1 },
        "few bound" => Good() with { MembersUnbound = 4 },
        "committee of 2" => Good() with { CommitteeSize = 2 },
        "committee of 8" => Good() with { CommitteeSize = 8 },
        "low study" => Good() with { StudyActive = 3 },
        "one 支委会 missed" => Good() with { Rules = [new RuleFigure(MeetingType.Committee, CompliancePeriod.Month, null, null, 2, 3)] },
        "attendance 80%" => Good() with { Present = 32 },
        "no meeting to attend" => Good() with { Expected = 0, Present = 0, Absent = 0 },
        "补学 overdue" => Good() with { MakeUpOwed = 2, MakeUpOverdue = 2 },
        "perfect attendance, one 补学 overdue" => Good() with { Present = 40, Absent = 0, MakeUpOwed = 1, MakeUpOverdue = 1 },
        "everyone studies, committee of 2" => Good() with { StudyActive = 12, CommitteeSize = 2 },
        "11 of 12 rules kept" => Good() with
        {
            Rules = [.. Enumerable.Range(0, 11).Select(i => new RuleFigure(MeetingType.Committee, CompliancePeriod.Month, null, null, 1, 1)),
                new RuleFigure(MeetingType.GroupMeeting, CompliancePeriod.Month, "g2", "第二小组", 2, 3)],
        },
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void BasicStar_IsAwardedOnlyWhenEveryStandardIsKept(string name, StarKind star, bool awarded, string? reason)
    {
        var stars = StarRules.Judge(Case(name), new Dictionary<StarKind, StarAward>(), Options);
        var result = stars.Single(s => s.Kind == star);

        Assert.Equal(awarded, result.Awarded);
        Assert.NotEmpty(result.Items);
        Assert.All(result.Items, i => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", i.Rule));
        if (reason is null)
        {
            Assert.Null(result.Reason);
        }
        else
        {
            Assert.StartsWith("未达标：", result.Reason);
            Assert.Contains(reason, result.Reason);
            Assert.Single(result.Items, i => !i.Kept);
        }

        // The veto is per star: every other basic star of the good branch stays as it was.
        var others = stars.Where(s => s.Kind != star && s.Kind < StarKind.Guarantee).Select(s => s.Awarded);
        if (name != "good" && !name.StartsWith("small", StringComparison.Ordinal))
        {
            Assert.All(others, Assert.True);
        }
    }

    [Fact]
    public void AwardedStars_ComeOnlyFromTheOrganisation_WithTheirReason()
    {
        var award = new StarAward("b1", StarKind.Feature2, true, "社区服务特色鲜明", "admin", DateTimeOffset.UnixEpoch);
        var stars = StarRules.Judge(Good(), new Dictionary<StarKind, StarAward> { [StarKind.Feature2] = award }, Options);

        Assert.Equal([StarKind.Organisation, StarKind.Team, StarKind.System, StarKind.Activity, StarKind.Feature2], stars.Where(s => s.Awarded).Select(s => s.Kind));
        Assert.Equal(("admin", "社区服务特色鲜明"), (stars.Single(s => s.Kind == StarKind.Feature2).AwardedBy, stars.Single(s => s.Kind == StarKind.Feature2).Items[0].Value));
        Assert.Contains("党委", stars.Single(s => s.Kind == StarKind.Guarantee).Reason);
    }

    [Fact]
    public void AwardsInForce_AtAPeriodsEnd_IgnoreLaterChanges()
    {
        var end = new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero);
        var history = new[]
        {
            new StarAward("b1", StarKind.Feature1, true, "甲", "admin", end.AddDays(-10)),
            new StarAward("b1", StarKind.Feature1, false, "撤销", "admin", end.AddDays(5)),
            new StarAward("b1", StarKind.Feature3, true, "乙", "admin", end.AddDays(1)),
        };

        Assert.Equal([StarKind.Feature1], StarAwards.InForce(history, end).Keys);
        Assert.DoesNotContain(StarKind.Feature1, StarAwards.InForce(history, DateTimeOffset.MaxValue).Keys);
    }

    [Theory]
    [InlineData("2026-11", CompliancePeriod.Month, "2026年11月", "2026-10-31T16:00:00Z", "2026-11-30T16:00:00Z")]
    [InlineData("2026-Q4", CompliancePeriod.Quarter, "2026年第4季度", "2026-09-30T16:00:00Z", "2026-12-31T16:00:00Z")]
    [InlineData("2026", CompliancePeriod.Year, "2026年", "2025-12-31T16:00:00Z", "2026-12-31T16:00:00Z")]
    public void Period_ParsesItsKey_InChinaTime(string key, CompliancePeriod kind, string label, string start, string end)
    {
        var period = RatingPeriod.Parse(key)!;
        Assert.Equal((kind, key, label, DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)),
            (period.Kind, period.Key, period.Label, period.Start, period.End));
        Assert.Equal(period, RatingPeriod.Containing(period.Start, kind));
        Assert.Equal(period, RatingPeriod.Containing(period.End, kind).Previous());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-13")]
    [InlineData("2026-Q5")]
    [InlineData("26-11")]
    [InlineData("2026-1")]
    [InlineData("１２３４")]
    public void Period_RefusesAnythingElse(string key) => Assert.Null(RatingPeriod.Parse(key));

    [Fact]
    public void Quarter_HasThreeMonths_AndAMonthNoQuarter()
    {
        var q4 = RatingPeriod.Parse("2026-Q4")!;
        Assert.Equal(["2026-10", "2026-11", "2026-12"], q4.Parts(CompliancePeriod.Month).Select(p => p.Key));
        Assert.Empty(RatingPeriod.Parse("2026-11")!.Parts(CompliancePeriod.Quarter));
    }
}
