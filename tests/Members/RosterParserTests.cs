using System.Text;
using BranchBot.Core.Common;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Members;

public sealed class RosterParserTests
{
    private const string Header = "姓名,手机号,组织,党小组,状态,角色\n";
    private const string Branch = "市直机关工委/第一党总支/办公室党支部";

    static RosterParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static ParseResult<RosterRow> Parse(string csv) => RosterParser.Parse(Encoding.UTF8.GetBytes(csv));

    private static ImportError SingleError(string csv)
    {
        var result = Parse(csv);
        Assert.Empty(result.Rows);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Parse_GoodFile_YieldsNormalisedRows()
    {
        var result = Parse(Header +
            $"张三,13900000001,{Branch},第一党小组,正式,书记\n" +
            "李四,+86 139-0000-0002, 市直机关工委 ／ 第二党支部 ,,,\n" +
            "王五,86 13900000003,市直机关工委>第三党支部,第二党小组,预备党员,党小组长\n");

        Assert.True(result.Ok);
        Assert.Equal(3, result.Rows.Count);
        var first = result.Rows[0];
        Assert.Equal(new RosterRow(2, "张三", "13900000001", first.OrgPath, "第一党小组", MemberStatus.Full, MemberRole.Secretary, MemberPost.Secretary), first);
        Assert.Equal(["市直机关工委", "第一党总支", "办公室党支部"], first.OrgPath);
        var second = result.Rows[1];
        Assert.Equal("13900000002", second.Phone);
        Assert.Equal(["市直机关工委", "第二党支部"], second.OrgPath);
        Assert.Null(second.Group);
        Assert.Equal(MemberStatus.Full, second.Status);
        Assert.Equal(MemberRole.Member, second.Role);
        Assert.Equal(["市直机关工委", "第三党支部"], result.Rows[2].OrgPath);
        Assert.Equal(MemberStatus.Probationary, result.Rows[2].Status);
        Assert.Equal(4, result.Rows[2].Line);
    }

    [Fact]
    public void Parse_HeadersInAnyOrderWithAliasAndExtras_AreMatched()
    {
        var result = Parse(" 备注 ,组织, 手机 ,姓名\n无,市直机关工委/第一党支部,13900000001,张三\n");
        var row = Assert.Single(result.Rows);
        Assert.Equal("张三", row.Name);
        Assert.Equal("13900000001", row.Phone);
        Assert.Null(row.Group);
        Assert.Equal(MemberRole.Member, row.Role);
    }

    [Theory]
    [InlineData("", MemberStatus.Full)]
    [InlineData("正式", MemberStatus.Full)]
    [InlineData("正式党员", MemberStatus.Full)]
    [InlineData("预备", MemberStatus.Probationary)]
    [InlineData("预备党员", MemberStatus.Probationary)]
    public void Parse_StatusWords_Map(string word, MemberStatus expected)
    {
        Assert.Equal(expected, Assert.Single(Parse(Header + $"张三,13900000001,{Branch},,{word},\n").Rows).Status);
    }

    [Theory]
    [InlineData("", MemberRole.Member)]
    [InlineData("党员", MemberRole.Member)]
    [InlineData("普通党员", MemberRole.Member)]
    [InlineData("党小组长", MemberRole.GroupLeader)]
    [InlineData("小组长", MemberRole.GroupLeader)]
    [InlineData("书记", MemberRole.Secretary)]
    [InlineData("支部书记", MemberRole.Secretary)]
    [InlineData("副书记", MemberRole.Secretary)]
    [InlineData("组织委员", MemberRole.Secretary)]
    [InlineData("管理员", MemberRole.Admin)]
    public void Parse_RoleWords_Map(string word, MemberRole expected)
    {
        Assert.Equal(expected, Assert.Single(Parse(Header + $"张三,13900000001,{Branch},,,{word}\n").Rows).Role);
    }

    [Theory]
    [InlineData("张三,139 0000 0001", "13900000001")]
    [InlineData("张三,+8613900000001", "13900000001")]
    [InlineData("张三,8613900000001", "13900000001")]
    [InlineData("张三,１３９０００００００１", "13900000001")]
    public void Parse_PhoneForms_AreNormalised(string start, string expected)
    {
        Assert.Equal(expected, Assert.Single(Parse(Header + $"{start},{Branch}\n").Rows).Phone);
    }

    [Fact]
    public void Parse_MissingRequiredHeaders_IsOneErrorAtLineOne()
    {
        var error = SingleError("姓名,党小组\n张三,第一党小组\n");
        Assert.Equal(1, error.Line);
        Assert.Contains("手机号", error.Message);
        Assert.Contains("组织", error.Message);
    }

    [Theory]
    [InlineData($",13900000001,{Branch},,,", "姓名不能为空")]
    [InlineData($"一二三四五六七八九十一二三四五六七八九十一,13900000001,{Branch},,,", "姓名不能超过 20 个字")]
    [InlineData($"张三,,{Branch},,,", "手机号不能为空")]
    [InlineData($"张三,1390000000,{Branch},,,", "手机号应为 11 位数字")]
    [InlineData($"张三,23900000001,{Branch},,,", "手机号应为 11 位数字")]
    [InlineData($"张三,1.39E+10,{Branch},,,", "手机号应为 11 位数字")]
    [InlineData("张三,13900000001,,,,", "组织不能为空")]
    [InlineData("张三,13900000001,市直机关工委//第一党支部,,,", "组织路径中有空的一级，请用 / 分隔各级组织")]
    [InlineData("张三,13900000001,市直机关工委/,,,", "组织路径中有空的一级，请用 / 分隔各级组织")]
    [InlineData($"张三,13900000001,{Branch},,离退休,", "状态应为“正式”或“预备”")]
    [InlineData($"张三,13900000001,{Branch},,,办公室主任", "角色应为 党员、党小组长、书记、副书记、组织委员、宣传委员、纪检委员、管理员 之一")]
    public void Parse_BadRow_ReportsItsLine(string row, string message)
    {
        var csv = Header + $"李四,13900000009,{Branch},,,\n\n" + row + "\n";
        var error = SingleError(csv);
        Assert.Equal(new ImportError(4, message), error);
    }

    [Fact]
    public void Parse_TwentyCharacterName_IsAccepted()
    {
        Assert.True(Parse(Header + $"一二三四五六七八九十一二三四五六七八九十,13900000001,{Branch},,,\n").Ok);
    }

    [Fact]
    public void Parse_DuplicatePhone_NamesTheEarlierRow()
    {
        var error = SingleError(Header + $"张三,13900000001,{Branch},,,\n李四,13900000002,{Branch},,,\n王五,139-0000-0001,{Branch},,,\n");
        Assert.Equal(new ImportError(4, "手机号与第 2 行重复"), error);
    }

    [Fact]
    public void Parse_SeveralBadRows_ReportsEveryOneAndNoRows()
    {
        var result = Parse(Header +
            $"张三,13900000001,{Branch},,,\n" +
            $",123,{Branch},,,\n" +
            $"王五,13900000003,{Branch},,未知,\n" +
            $"赵六,13900000004,{Branch},,,\n" +
            $"孙七,13900000001,{Branch},,,组长\n");

        Assert.False(result.Ok);
        Assert.Empty(result.Rows);
        Assert.Equal(
            [
                new ImportError(3, "姓名不能为空"),
                new ImportError(3, "手机号应为 11 位数字"),
                new ImportError(4, "状态应为“正式”或“预备”"),
                new ImportError(6, "手机号与第 2 行重复"),
                new ImportError(6, "角色应为 党员、党小组长、书记、副书记、组织委员、宣传委员、纪检委员、管理员 之一"),
            ],
            result.Errors);
    }

    [Fact]
    public void Parse_UnitUsedAsBranchAndAsParent_IsAnError()
    {
        var error = SingleError(Header + "张三,13900000001,机关党委/第一党支部,,,\n李四,13900000002,机关党委/第一党支部/办公室,,,\n");
        Assert.Equal(new ImportError(3, "“机关党委/第一党支部”在第 2 行是党支部，不能再有下级组织"), error);
    }

    [Fact]
    public void Parse_GroupNameWithSeparator_IsAnError()
    {
        Assert.Equal(new ImportError(2, "党小组名称不能包含 / 或 >"), SingleError(Header + $"张三,13900000001,{Branch},一组/二组,,\n"));
    }

    [Fact]
    public void Parse_GbkFile_IsReadCorrectly()
    {
        var text = Header + $"张三,13900000001,{Branch},第一党小组,预备,组织委员\r\n";
        var result = RosterParser.Parse(Encoding.GetEncoding("GB18030").GetBytes(text));
        var row = Assert.Single(result.Rows);
        Assert.Equal("张三", row.Name);
        Assert.Equal(["市直机关工委", "第一党总支", "办公室党支部"], row.OrgPath);
        Assert.Equal("第一党小组", row.Group);
        Assert.Equal(MemberStatus.Probationary, row.Status);
        Assert.Equal(MemberRole.Secretary, row.Role);
    }

    [Fact]
    public void Parse_UndecodableFile_IsOneError()
    {
        var result = RosterParser.Parse([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF]);
        Assert.Equal([new ImportError(0, "文件编码无法识别，请另存为 UTF-8 编码的 CSV")], result.Errors);
    }

    [Fact]
    public void Parse_UnterminatedQuote_IsOneErrorAtItsLine()
    {
        var error = SingleError(Header + $"张三,13900000001,{Branch},,,\n\"李四,13900000002,{Branch},,,\n");
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Parse_HeaderOnlyOrEmpty_IsAnError()
    {
        Assert.Equal(new ImportError(0, "名单里没有党员"), SingleError(Header));
        Assert.Equal(new ImportError(0, "文件是空的"), SingleError(""));
    }

    [Fact]
    public void Parse_ShippedSample_HasNoErrors()
    {
        var result = RosterParser.Parse(File.ReadAllBytes(RepoRoot.PathOf("bot", "SampleData", "roster.sample.csv")));
        Assert.Empty(result.Errors);
        Assert.Equal(30, result.Rows.Count);
        Assert.Equal(new RosterRow(2, "张三", "13900000001", result.Rows[0].OrgPath, "第一党小组", MemberStatus.Full, MemberRole.Secretary, MemberPost.Secretary), result.Rows[0]);
        Assert.Equal(["示例机关党委", "示例第一党支部"], result.Rows[0].OrgPath);
        Assert.Equal(MemberRole.Member, result.Rows[1].Role);
        Assert.DoesNotContain(result.Rows, r => r.Role == MemberRole.Admin);
    }
}
