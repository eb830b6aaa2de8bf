using System.Text;
using BranchBot.Adapters.WeChat.Protocol;

namespace BranchBot.Tests.Protocol;

public sealed class MessageCryptTests
{
    public const string V1Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string V1AppId = "wx2c2769f8efd9abc2";
    public const string V1Encrypt = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";
    public const string V1Message = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>";

    private const string V2Key = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
    private const string V2Id = "wx49f0ab532d5d035a";

    [Fact]
    public void DecodeKey_V1_GivesPublishedAesKey()
    {
        Assert.Equal("69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051", Convert.ToHexStringLower(MessageCrypt.DecodeKey(V1Key)!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDE+/")]
    public void DecodeKey_NotFortyThreeAlphanumerics_IsNull(string key) => Assert.Null(MessageCrypt.DecodeKey(key));

    [Fact]
    public void Decrypt_V1TencentSample_GivesThePlainMessage()
    {
        var result = new MessageCrypt(V1Key, V1AppId).Decrypt(V1Encrypt);
        Assert.Null(result.Error);
        Assert.Equal(V1Message, result.Message);
    }

    [Fact]
    public void Encrypt_V1WithSampleRandom_ReproducesCiphertextByteForByte()
    {
        var encrypted = new MessageCrypt(V1Key, V1AppId).Encrypt(V1Message, Encoding.ASCII.GetBytes("89465c840c5f116f"));
        Assert.Equal(V1Encrypt, encrypted);
    }

    [Fact]
    public void Encrypt_V2WechatpyVector_MatchesCiphertextAndSignature()
    {
        const string plain = "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>";
        var encrypted = new MessageCrypt(V2Key, V2Id).Encrypt(plain, Encoding.ASCII.GetBytes("1234567890123456"));
        Assert.Equal("9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3", encrypted);
        Assert.Equal("407518b7649e86ef23978113f92d27afa9296533", Signature.Compute("123456", "1411525903", "461056294", encrypted));
    }

    [Fact]
    public void Decrypt_V2WechatpyVector_GivesTheTextMessage()
    {
        const string encrypt = "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=";
        Assert.Equal("74d92dfeb87ba7c714f89d98870ae5eb62dff26d", Signature.Compute("123456", "1411525903", "461056294", encrypt));
        var result = new MessageCrypt(V2Key, V2Id).Decrypt(encrypt);
        var fields = WireXml.TryParse(result.Message!, out _)!;
        Assert.Equal("test", fields["Content"]);
        Assert.Equal("messense", fields["FromUserName"]);
        Assert.Equal("4363689963896700987", fields["MsgId"]);
    }

    [Fact]
    public void Decrypt_V3PaddingOfThirty_IsAcceptedUnlikeLibraryPkcs7()
    {
        const string encrypt = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
        Assert.Equal("477715d11cdb4164915debcba66cb864d751f3e6", Signature.Compute("QDG6eK", "1409659813", "1372623149", encrypt));
        var result = new MessageCrypt("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7").Decrypt(encrypt);
        var fields = WireXml.TryParse(result.Message!, out _)!;
        Assert.Equal("hello", fields["Content"]);
        Assert.Equal("4561255354251345929", fields["MsgId"]);
    }

    [Fact]
    public void Decrypt_OtherAppId_IsAppIdMismatch()
    {
        Assert.Equal(DecryptError.AppIdMismatch, new MessageCrypt(V1Key, "wx0000000000000000").Decrypt(V1Encrypt).Error);
    }

    [Theory]
    [InlineData("not base64 at all!", DecryptError.BadBase64)]
    [InlineData("", DecryptError.BadBase64)]
    [InlineData("AAAA", DecryptError.BadLength)]
    public void Decrypt_Garbage_IsRefusedWithReason(string encrypt, DecryptError expected)
    {
        Assert.Equal(expected, new MessageCrypt(V1Key, V1AppId).Decrypt(encrypt).Error);
    }

    [Fact]
    public void Decrypt_FlippedCiphertextByte_IsRefusedNotThrown()
    {
        var bytes = Convert.FromBase64String(V1Encrypt);
        var crypt = new MessageCrypt(V1Key, V1AppId);
        for (var i = 0; i < bytes.Length; i += 7)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x5a;
            var result = crypt.Decrypt(Convert.ToBase64String(copy));
            Assert.True(result.Error is not null || result.Message != V1Message);
        }
    }

    [Fact]
    public void Decrypt_WrongPaddingBytes_IsBadPadding()
    {
        // A ciphertext whose last block decrypts to padding 0x00 (built by encrypting with a forged tail).
        using var aes = System.Security.Cryptography.Aes.Create();
        var key = MessageCrypt.DecodeKey(V1Key)!;
        aes.Key = key;
        var plain = new byte[64];
        var cipher = aes.EncryptCbc(plain, key[..16], System.Security.Cryptography.PaddingMode.None);
        Assert.Equal(DecryptError.BadPadding, new MessageCrypt(V1Key, V1AppId).Decrypt(Convert.ToBase64String(cipher)).Error);
    }

    [Fact]
    public void EncryptThenDecrypt_ChineseMessage_RoundTrips()
    {
        var crypt = new MessageCrypt(V1Key, V1AppId);
        const string message = "<xml><Content><![CDATA[支部助手：欢迎！]]></Content></xml>";
        Assert.Equal(message, crypt.Decrypt(crypt.Encrypt(message)).Message);
    }
}
