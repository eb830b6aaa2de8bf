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
        Assert.Equal((type, DateTimeOffset.Parse(startUtc, System.Globalization.CultureInfo.InvariantCulture), place), parsed);
    }

    [Theory]
    [InlineData("支委会 2026-12-01 14:30", "格式")]
    [InlineData("茶话会 2026-12-01 14:30 三楼", "不认识的会议类型")]
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
