using System.Text;
using BranchBot.Core.Common;

namespace BranchBot.Tests.Common;

public sealed class TextDecodingTests
{
    private const string Sample = "姓名,手机号\n张三,13900000001\n";

    static TextDecodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Decode_Utf8WithBom_StripsBom()
    {
        var decoded = TextDecoding.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Sample)]);
        Assert.Equal(new DecodedText(Sample, "UTF-8", null), decoded);
    }

    [Fact]
    public void Decode_Utf8WithoutBom_IsUtf8()
    {
        Assert.Equal(new DecodedText(Sample, "UTF-8", null), TextDecoding.Decode(Encoding.UTF8.GetBytes(Sample)));
    }

    [Fact]
    public void Decode_Utf16WithBom_BothByteOrders()
    {
        Assert.Equal(new DecodedText(Sample, "UTF-16", null), TextDecoding.Decode([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Sample)]));
        Assert.Equal(new DecodedText(Sample, "UTF-16", null), TextDecoding.Decode([0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(Sample)]));
    }

    [Fact]
    public void Decode_Gbk_IsReadAsGbk()
    {
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(Sample);
        Assert.Equal(new DecodedText(Sample, "GBK", null), TextDecoding.Decode(bytes));
    }

    [Fact]
    public void Decode_Binary_IsUnrecognised()
    {
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0xFF, 0x80];
        var decoded = TextDecoding.Decode(zip);
        Assert.Null(decoded.Text);
        Assert.Equal("文件编码无法识别，请另存为 UTF-8 编码的 CSV", decoded.Error);
    }

    [Fact]
    public void Decode_InvalidGb18030Sequence_IsUnrecognised()
    {
        Assert.Null(TextDecoding.Decode([0x41, 0xFF, 0x42]).Text);
    }

    [Fact]
    public void Decode_Empty_IsEmptyUtf8()
    {
        Assert.Equal(new DecodedText("", "UTF-8", null), TextDecoding.Decode([]));
    }
}
