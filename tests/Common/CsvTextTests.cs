using BranchBot.Core.Common;

namespace BranchBot.Tests.Common;

public sealed class CsvTextTests
{
    private static string[][] Fields(string text) => CsvText.Parse(text).Select(r => r.Fields.ToArray()).ToArray();

    [Fact]
    public void Parse_PlainRows_SplitsOnCommasWithPhysicalLines()
    {
        var records = CsvText.Parse("a,b,c\n1,2,3\n");
        Assert.Equal([new[] { "a", "b", "c" }, ["1", "2", "3"]], records.Select(r => r.Fields.ToArray()));
        Assert.Equal([1, 2], records.Select(r => r.Line));
    }

    [Fact]
    public void Parse_QuotedFields_KeepCommasEscapedQuotesAndNewlines()
    {
        var records = CsvText.Parse("name,note\r\n\"张三, 李四\",\"他说\"\"好\"\"\"\r\n\"多\r\n行\",x\r\nlast,\"\"\r\n");
        Assert.Equal(["张三, 李四", "他说\"好\""], records[1].Fields);
        Assert.Equal(["多\r\n行", "x"], records[2].Fields);
        Assert.Equal(["last", ""], records[3].Fields);
        Assert.Equal([1, 2, 3, 5], records.Select(r => r.Line));
    }

    [Fact]
    public void Parse_LineAfterMultilineField_CountsEveryPhysicalLine()
    {
        var records = CsvText.Parse("h\n\"a\nb\nc\"\nnext");
        Assert.Equal(5, records[^1].Line);
        Assert.Equal("next", records[^1].Fields[0]);
    }

    [Fact]
    public void Parse_Whitespace_TrimmedOutsideQuotesKeptInside()
    {
        Assert.Equal([["a", " b ", "c d"]], Fields("  a ,  \" b \"  , c d \t"));
    }

    [Fact]
    public void Parse_LeadingBom_IsRemoved()
    {
        Assert.Equal("姓名", CsvText.Parse("\uFEFF姓名,手机号\n")[0].Fields[0]);
    }

    [Fact]
    public void Parse_BlankLinesAndBareCommaRows_AreSkippedButCounted()
    {
        var records = CsvText.Parse("a,b\n\n   \r\n,,\nc,d\n\n");
        Assert.Equal(2, records.Count);
        Assert.Equal(5, records[1].Line);
    }

    [Fact]
    public void Parse_EmptyFieldsAndShortRows_AreKept()
    {
        Assert.Equal([["a", "", "c", ""], ["x"]], Fields("a,,c,\nx"));
    }

    [Fact]
    public void Parse_QuoteInsideUnquotedField_IsLiteral()
    {
        Assert.Equal([["5\"", "a\"b"]], Fields("5\",a\"b"));
    }

    [Fact]
    public void Parse_LoneCarriageReturns_EndRecords()
    {
        var records = CsvText.Parse("a\rb\rc");
        Assert.Equal([1, 2, 3], records.Select(r => r.Line));
    }

    [Fact]
    public void Parse_UnterminatedQuote_ThrowsFormatExceptionWithItsLine()
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvText.Parse("a,b\n1,2\n3,\"open\n4,5\n"));
        Assert.IsAssignableFrom<FormatException>(error);
        Assert.Equal(3, error.Line);
        Assert.Contains("第 3 行", error.Message);
    }

    [Fact]
    public void Parse_EmptyText_HasNoRecords()
    {
        Assert.Empty(CsvText.Parse(""));
        Assert.Empty(CsvText.Parse("\uFEFF\r\n"));
    }
}
