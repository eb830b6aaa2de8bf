using System.Text;
using BranchBot.Core.Common;

namespace BranchBot.Tests.Common;

public sealed class TextFitTests
{
    [Theory]
    [InlineData("第一行\r\n第二行\t第三行", "第一行 第二行 第三行")]
    [InlineData("  前后空白\u2028 ", "前后空白")]
    [InlineData("控制\u0007字符", "控制 字符")]
    public void SingleLine_RemovesBreaksAndControls(string text, string expected) => Assert.Equal(expected, TextFit.SingleLine(text));

    [Fact]
    public void Shorten_KeepsSurrogatePairsWhole()
    {
        var text = "学" + string.Concat(Enumerable.Repeat("😀", 12));
        var cut = TextFit.Shorten(text, 10);
        Assert.True(cut.Length <= 10);
        Assert.Equal("学😀😀😀😀…", cut);
    }

    [Fact]
    public void ShortenUtf8_CutsAtALineBreakWithinTheLimit()
    {
        var text = string.Join('\n', Enumerable.Range(1, 300).Select(i => $"第{i}名 张三{i} 100分"));
        var cut = TextFit.ShortenUtf8(text, 2048, "\n……（从略）");
        Assert.True(Encoding.UTF8.GetByteCount(cut) <= 2048);
        Assert.EndsWith("分\n……（从略）", cut);
    }

    [Fact]
    public void SplitUtf8_PartsWithinTheLimitLoseNothingUpToTheLastPart()
    {
        var lines = Enumerable.Range(1, 120).Select(i => $"第{i}名 欧阳{i} 得分{i * 10}").ToList();
        var text = string.Join('\n', lines);
        var parts = TextFit.SplitUtf8(text, 2048, 2, "……");
        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= 2048));
        Assert.Equal(text, string.Join('\n', parts));
    }

    [Fact]
    public void SplitUtf8_MoreThanFitsInTheParts_ShortensTheLast()
    {
        var text = string.Join('\n', Enumerable.Range(1, 1000).Select(i => $"第{i}名 欧阳{i}"));
        var parts = TextFit.SplitUtf8(text, 2048, 2, "……（从略）");
        Assert.Equal(2, parts.Count);
        Assert.EndsWith("……（从略）", parts[1]);
        Assert.All(parts, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= 2048));
    }
}
