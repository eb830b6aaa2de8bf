using BranchBot.Adapters.WeChat.Protocol;

namespace BranchBot.Tests.Protocol;

public sealed class SignatureTests
{
    [Theory]
    [InlineData("weixin", "1357982061", "1358161344", "335b26997f05c82243aad6b10a2d1853637e71a8")]
    [InlineData("huhujm", "1359208540", "1359227084", "efa917e2445cc9f0aa4386ca92f96de5a242e24e")]
    [InlineData("test", "1410685589", "test", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff")]
    [InlineData("789", "456", "123", "f7c3bc1d808e04732adf679965ccc34ca7ae3441")]
    [InlineData("spamtest", "1409735669", "1320562132", "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a")]
    public void Compute_PublishedVectorV0_MatchesExpected(string token, string timestamp, string nonce, string expected)
    {
        Assert.Equal(expected, Signature.Compute(token, timestamp, nonce));
        Assert.True(Signature.Matches(expected.ToUpperInvariant(), token, timestamp, nonce));
    }

    [Fact]
    public void Matches_OneHexDigitOff_IsRefused()
    {
        Assert.False(Signature.Matches("f21891de399b4e33a1a93c9a7b8a8fffb5a443fe", "test", "1410685589", "test"));
        Assert.False(Signature.Matches("", "test", "1410685589", "test"));
        Assert.False(Signature.Matches("f21891de", "test", "1410685589", "test"));
    }

    [Fact]
    public void Compute_MixedCaseParts_SortsOrdinallyNotByCulture()
    {
        // Ordinal order puts "Babc+/xyz=" before "abcToken"; culture order would not, giving another hash.
        var ordinal = Signature.Compute("abcToken", "1409735669", "1320562132", "Babc+/xyz=");
        var concatenated = "1320562132" + "1409735669" + "Babc+/xyz=" + "abcToken";
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(concatenated)));
        Assert.Equal(expected, ordinal);
    }

    [Fact]
    public void Compute_V1MsgSignature_MatchesTencentSample()
    {
        const string encrypt = MessageCryptTests.V1Encrypt;
        Assert.Equal("5d197aaffba7e9b25a30732f161a50dee96bd5fa", Signature.Compute("spamtest", "1409735669", "1320562132", encrypt));
    }
}
