using BranchBot.Core.Accounts;

namespace BranchBot.Tests.Accounts;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_SamePasswordTwice_GivesDifferentSaltedHashesThatBothVerify()
    {
        var first = PasswordHasher.Hash("correct horse battery");
        var second = PasswordHasher.Hash("correct horse battery");

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.Split('$')[2], second.Split('$')[2]);
        Assert.True(PasswordHasher.Verify("correct horse battery", first));
        Assert.True(PasswordHasher.Verify("correct horse battery", second));
    }

    [Fact]
    public void Hash_IsPbkdf2Sha256WithAtLeast100kIterationsAndNoTraceOfThePassword()
    {
        var hash = PasswordHasher.Hash("correct horse battery");

        var parts = hash.Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.True(int.Parse(parts[1]) >= 100_000);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.DoesNotContain("horse", hash);
    }

    [Theory]
    [InlineData("correct horse batterY")]
    [InlineData("")]
    [InlineData("correct horse battery ")]
    public void Verify_WrongPassword_IsFalse(string attempt) =>
        Assert.False(PasswordHasher.Verify(attempt, PasswordHasher.Hash("correct horse battery")));

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("pbkdf2-sha256$abc$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64!$AAAA")]
    [InlineData("md5$1000$AAAA$AAAA")]
    public void Verify_MalformedStoredHash_IsFalseNotAnException(string stored) =>
        Assert.False(PasswordHasher.Verify("whatever", stored));

    [Fact]
    public void SessionToken_Is32RandomBytesBase64UrlAndDigestIsSha256Hex()
    {
        var token = SessionToken.New();

        Assert.Equal(43, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.NotEqual(token, SessionToken.New());
        Assert.Matches("^[0-9a-f]{64}$", SessionToken.Digest(token));
    }
}
