using BranchBot.Core.Meetings;

namespace BranchBot.Tests.Meetings;

public sealed class CheckInCodeTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);
    private static readonly Meeting Meeting = new("mt", "b", null, MeetingType.Committee, "支委会", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "x", null, null, MeetingStatus.Scheduled, 1, "0123456789abcdef", "t");

    [Fact]
    public void Code_IsSixDigitsAndChangesEveryPeriod()
    {
        var t = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        var code = CheckInCode.At(Meeting, t, Period);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(code, CheckInCode.At(Meeting, t.AddSeconds(29), Period));
        Assert.NotEqual(code, CheckInCode.At(Meeting, t.AddSeconds(30), Period));
        Assert.NotEqual(code, CheckInCode.At(Meeting with { CheckInSecret = "other" }, t, Period));
    }

    [Fact]
    public void IsValid_CurrentAndPreviousPeriodOnly()
    {
        var t = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        var code = CheckInCode.At(Meeting, t, Period);
        Assert.True(CheckInCode.IsValid(Meeting, code, t, Period));
        Assert.True(CheckInCode.IsValid(Meeting, code, t.AddSeconds(45), Period));
        Assert.False(CheckInCode.IsValid(Meeting, code, t.AddSeconds(60), Period));
        Assert.False(CheckInCode.IsValid(Meeting, code, t.AddSeconds(-30), Period));
        Assert.False(CheckInCode.IsValid(Meeting, "12345", t, Period));
    }
}
