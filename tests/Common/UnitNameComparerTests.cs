using BranchBot.Core.Common;

namespace BranchBot.Tests.Common;

public sealed class UnitNameComparerTests
{
    [Fact]
    public void BranchNames_SortAsPeopleNumberThem()
    {
        string[] names = ["示例第三党支部", "示例第十党支部", "示例第一党支部", "示例第二十一党支部", "示例第二党支部", "示例第十一党支部", "机关党支部"];

        var sorted = names.Order(UnitNameComparer.Instance).ToArray();

        Assert.Equal(["机关党支部", "示例第一党支部", "示例第二党支部", "示例第三党支部", "示例第十党支部", "示例第十一党支部", "示例第二十一党支部"], sorted);
    }

    [Theory]
    [InlineData("第2支部", "第10支部")]
    [InlineData("第九支部", "第十支部")]
    [InlineData("第九十九支部", "第一百零五支部")]
    [InlineData("一支部", "一支部甲")]
    public void Smaller_ComesFirst(string smaller, string larger)
    {
        Assert.True(UnitNameComparer.Instance.Compare(smaller, larger) < 0);
        Assert.True(UnitNameComparer.Instance.Compare(larger, smaller) > 0);
    }

    [Fact]
    public void EqualNames_AreEqual_AndDifferentSpellingsOfOneNumberStillOrderStably()
    {
        Assert.Equal(0, UnitNameComparer.Instance.Compare("第二支部", "第二支部"));
        Assert.NotEqual(0, UnitNameComparer.Instance.Compare("第二支部", "第两支部"));
    }
}
