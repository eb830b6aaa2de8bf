using BranchBot.Core.Meetings;

namespace BranchBot.Tests.Meetings;

public sealed class MeetingCommandParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("支委会 2026-12-01 14:30 三楼会议室", MeetingType.Committee, "2026-12-01T06:30:00Z", "三楼会议室")]
    [InlineData("党员大会 12月1日 9:00 大礼堂 二层", MeetingType.PartyCongress, "2026-12-01T01:00:00Z", "大礼堂 二层")]
    [InlineData("党课 1-5 14:00 活动室", MeetingType.PartyLecture, "2027-01-05T06:00:00Z", "活动室")]
    [InlineData("主题党日 ２０２６／１２／５ １４：００ 纪念馆", MeetingType.ThemeDay, "2026-12-05T06:00:00Z", "纪念馆")]
    public void TryParse_CommonForms_GiveTypeUtcStartAndPlace(string text, MeetingType type, string startUtc, string place)
    {
        var parsed = MeetingCommandParser.TryParse(text, Now, out var error);
        Assert.Null(error);
        Assert.Equal((type, DateTimeOffset.Parse(startUtc, System.Globalization.CultureInfo.InvariantCulture), place), (parsed!.Type, parsed.Start, parsed.Place));
        Assert.Empty(parsed.AlsoCounts);
        Assert.Null(parsed.Group);
    }

    [Fact]
    public void TryParse_KindsJoinedByPlus_GiveTheTypeAndWhatItAlsoCountsAs()
    {
        var parsed = MeetingCommandParser.TryParse("主题党日+党课 12月5日 14:00 纪念馆 一楼", Now, out var error);
        Assert.Null(error);
        Assert.Equal(MeetingType.ThemeDay, parsed!.Type);
        Assert.Equal([MeetingType.PartyLecture], parsed.AlsoCounts);
        Assert.Equal("纪念馆 一楼", parsed.Place);
    }

    [Fact]
    public void TryParse_GroupMeetingWithAGroupName_KeepsTheName()
    {
        var parsed = MeetingCommandParser.TryParse("党小组会 第一小组 12月5日 14:00 活动室", Now, out var error);
        Assert.Null(error);
        Assert.Equal((MeetingType.GroupMeeting, "第一小组", "活动室"), (parsed!.Type, parsed.Group, parsed.Place));

        var unnamed = MeetingCommandParser.TryParse("党小组会 12月5日 14:00 活动室 二楼", Now, out _);
        Assert.Equal((null, "活动室 二楼"), (unnamed!.Group, unnamed.Place));
    }

    [Theory]
    [InlineData("支委会 2026-12-01 14:30", "格式")]
    [InlineData("茶话会 2026-12-01 14:30 三楼", "会议类型「茶话会」无法识别")]
    [InlineData("民主生活会 2026-12-01 14:30 三楼", "领导班子的会议")]
    [InlineData("支委会+党课 2026-12-01 14:30 三楼", "请单独安排")]
    [InlineData("党课+党课 2026-12-01 14:30 三楼", "只写一次")]
    [InlineData("支委会 2026-13-01 14:30 三楼", "日期")]
    [InlineData("支委会 2026-02-30 14:30 三楼", "日期")]
    [InlineData("支委会 2026-12-01 25:30 三楼", "时间")]
    [InlineData("支委会 明天 下午 三楼", "日期")]
    public void TryParse_BadInput_SaysWhatIsWrong(string text, string expected)
    {
        Assert.Null(MeetingCommandParser.TryParse(text, Now, out var error));
        Assert.Contains(expected, error);
    }
}
