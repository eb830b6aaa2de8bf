using BranchBot.Core.Meetings;

namespace BranchBot.Tests.Meetings;

/// <summary>The console's 三会一课 picture: held, planned, due and overdue per rule and natural period.</summary>
public sealed class ComplianceStatusTests
{
    private static readonly ComplianceOptions Options = new() { Rules = "Committee:month,PartyCongress:quarter", LeadDays = 7 };

    private static Meeting At(MeetingType type, DateTimeOffset start, MeetingStatus status = MeetingStatus.Scheduled) =>
        new("mt" + start.Ticks + type, "b1", null, type, "会", start, start.AddHours(1), "三楼", null, null, status, 1, "s", "t");

    private static DateTimeOffset China(int month, int day) => ChinaTime.FromLocal(new DateOnly(2026, month, day), new TimeOnly(10, 0));

    [Fact]
    public void Of_MeetingAlreadyHeldThisPeriod_IsHeldWithItsId()
    {
        var held = At(MeetingType.Committee, China(11, 3));
        var item = ComplianceStatus.Of([held], China(11, 10), Options)[0];
        Assert.Equal((ComplianceState.Held, held.Id, "2026年11月"), (item.Status, item.MeetingId, item.Period));
        Assert.Equal(ChinaTime.FromLocal(new DateOnly(2026, 12, 1), TimeOnly.MinValue), item.DueBy);
    }

    [Fact]
    public void Of_MeetingLaterThisPeriod_IsPlanned_ButACancelledOneCountsForNothing()
    {
        var previous = At(MeetingType.Committee, China(10, 20));
        Assert.Equal(ComplianceState.Planned, ComplianceStatus.Of([previous, At(MeetingType.Committee, China(11, 20))], China(11, 10), Options)[0].Status);
        Assert.Equal(ComplianceState.Due, ComplianceStatus.Of([previous, At(MeetingType.Committee, China(11, 20), MeetingStatus.Cancelled)], China(11, 10), Options)[0].Status);
    }

    [Fact]
    public void Of_NothingYet_IsDueWithTimeLeft_OverdueWithinLeadDaysOrAfterAMissedPeriod()
    {
        var previous = At(MeetingType.Committee, China(10, 20));
        Assert.Equal(ComplianceState.Due, ComplianceStatus.Of([previous], China(11, 10), Options)[0].Status);

        var late = ComplianceStatus.Of([previous], China(11, 26), Options)[0];
        Assert.Equal((ComplianceState.Overdue, "本期只剩 5 天"), (late.Status, late.Reason));

        var missed = ComplianceStatus.Of([], China(11, 10), Options);
        Assert.Equal((ComplianceState.Overdue, "上期（2026年10月）未召开"), (missed[0].Status, missed[0].Reason));
        Assert.Equal((MeetingType.PartyCongress, "2026年第4季度", "上期（2026年第3季度）未召开"), (missed[1].Rule, missed[1].Period, missed[1].Reason));
    }

    [Fact]
    public void Of_YearlyRule_IsJudgedOverTheNaturalYearAndWarnsAMonthAhead()
    {
        var options = new ComplianceOptions { Rules = "OrganisationLife:year" };
        var lastYear = At(MeetingType.OrganisationLife, ChinaTime.FromLocal(new DateOnly(2025, 12, 20), new TimeOnly(9, 0)));
        var due = ComplianceStatus.Of([lastYear], China(11, 10), options).Single();
        Assert.Equal((ComplianceState.Due, "2026年"), (due.Status, due.Period));
        var late = ComplianceStatus.Of([lastYear], China(12, 5), options).Single();
        Assert.Equal(ComplianceState.Overdue, late.Status);
        Assert.Equal(ComplianceState.Held, ComplianceStatus.Of([At(MeetingType.OrganisationLife, China(3, 1))], China(12, 5), options).Single().Status);
    }

    [Fact]
    public void Of_MeetingHeldAsTwoKinds_CountsForBothRules()
    {
        var options = new ComplianceOptions { Rules = "ThemeDay:month,PartyLecture:quarter" };
        var both = At(MeetingType.ThemeDay, China(11, 3)) with { AlsoCounts = [MeetingType.PartyLecture] };
        Assert.All(ComplianceStatus.Of([both], China(11, 10), options), item => Assert.Equal((ComplianceState.Held, both.Id), (item.Status, item.MeetingId)));
    }

    [Fact]
    public void Of_GroupRule_IsOneItemPerGroup_KeptOnlyByThatGroupsMeeting()
    {
        var options = new ComplianceOptions { Rules = "GroupMeeting:month:group" };
        var first = new BranchBot.Core.Members.OrgUnit("g1", "第一小组", BranchBot.Core.Members.OrgUnitKind.Group, "b1");
        var second = new BranchBot.Core.Members.OrgUnit("g2", "第二小组", BranchBot.Core.Members.OrgUnitKind.Group, "b1");
        var held = At(MeetingType.GroupMeeting, China(11, 3)) with { GroupId = "g1" };
        var items = ComplianceStatus.Of([held], China(11, 10), options, [first, second]);
        Assert.Equal([("g1", ComplianceState.Held), ("g2", ComplianceState.Overdue)], items.Select(i => (i.Group!.Id, i.Status)));
        Assert.Empty(ComplianceStatus.Of([held], China(11, 10), options, []));
    }

    [Theory]
    [InlineData("Committee:month", true)]
    [InlineData("OrganisationLife:year,GroupMeeting:month:group", true)]
    [InlineData("Tea:month", false)]
    [InlineData("7:month", false)]
    [InlineData("Committee:week", false)]
    public void Options_RulesNamingUnknownTypesOrPeriods_AreRefusedAtStartUp(string rules, bool valid)
    {
        var options = new ComplianceOptions { Rules = rules };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.Equal(valid, System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
    }
}
