using BranchBot.Adapters.Sms;

namespace BranchBot.Tests.Sms;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("13800138000")]
    [InlineData("+8613800138000")]
    [InlineData("+86 138 0013 8000")]
    [InlineData("0086-138-0013-8000")]
    [InlineData("86 13800138000")]
    [InlineData("(+86) 138.0013.8000")]
    public void TryNormalise_CommonSpellings_GiveElevenDigits(string input)
    {
        Assert.True(PhoneNumber.TryNormalise(input, out var national));
        Assert.Equal("13800138000", national);
        Assert.Equal("+8613800138000", PhoneNumber.ToE164(national));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1380013800")]
    [InlineData("138001380001")]
    [InlineData("010-12345678")]
    [InlineData("+1 415 555 0100")]
    [InlineData("+44 7911 123456")]
    [InlineData("+1 138 0013 8000")]
    [InlineData("12800138000")]
    [InlineData("138OO138000")]
    [InlineData("138+00138000")]
    public void TryNormalise_NotAMainlandMobile_Refused(string input) =>
        Assert.False(PhoneNumber.TryNormalise(input, out _));

    [Theory]
    [InlineData("13800138000", "138****8000")]
    [InlineData("+86 138 0013 8000", "138****8000")]
    [InlineData("12345", "****")]
    public void Mask_Number_KeepsFirstThreeAndLastFour(string input, string expected) =>
        Assert.Equal(expected, PhoneNumber.Mask(input));

    [Fact]
    public void Redact_AliyunSignatureMismatch_DropsTheEchoedRequestAndMasksNumbers()
    {
        var redacted = PhoneNumber.Redact("Specified signature is not matched with our calculation. server string to sign is:POST&%2F&PhoneNumbers%3D13800138000");

        Assert.Equal("Specified signature is not matched with our calculation. server (string to sign withheld)", redacted);
        Assert.Equal("号码 138****8000 无效", PhoneNumber.Redact("号码 +8613800138000 无效"));
    }
}
