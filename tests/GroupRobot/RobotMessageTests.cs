using System.Text;
using BranchBot.Adapters.GroupRobot;

namespace BranchBot.Tests.GroupRobot;

/// <summary>The markdown payload and the cut to the robot's 4096-byte limit.</summary>
public sealed class RobotMessageTests
{
    [Fact]
    public void Truncate_ShortContent_ReturnsItUnchanged()
    {
        Assert.Equal("## 排名\n1. 第一党支部", RobotMessage.Truncate("## 排名\n1. 第一党支部"));
    }

    [Fact]
    public void Truncate_Exactly4096Bytes_ReturnsItUnchanged()
    {
        var content = "a" + new string('党', 1365);

        Assert.Equal(4096, Encoding.UTF8.GetByteCount(content));
        Assert.Same(content, RobotMessage.Truncate(content));
    }

    [Fact]
    public void Truncate_LimitFallsInsideAChineseCharacter_CutsBeforeThatCharacter()
    {
        var content = "ab" + new string('党', 2000);

        var cut = RobotMessage.Truncate(content);

        Assert.Equal("ab" + new string('党', 1364), cut);
        Assert.Equal(4094, Encoding.UTF8.GetByteCount(cut));
    }

    [Fact]
    public void Truncate_LimitFallsInsideASurrogatePair_KeepsThePairWhole()
    {
        var content = "a" + string.Concat(Enumerable.Repeat("🏆", 1100));

        var cut = RobotMessage.Truncate(content);

        Assert.Equal("a" + string.Concat(Enumerable.Repeat("🏆", 1023)), cut);
        Assert.Equal(4093, Encoding.UTF8.GetByteCount(cut));
        Assert.False(char.IsHighSurrogate(cut[^1]));
    }

    [Fact]
    public void Truncate_SmallLimit_CountsBytesNotCharacters()
    {
        Assert.Equal("党支", RobotMessage.Truncate("党支部", limitBytes: 8));
        Assert.Equal(string.Empty, RobotMessage.Truncate("党", limitBytes: 2));
    }

    [Fact]
    public void Body_ChineseAndQuotes_IsTheMarkdownMessageInRawUtf8()
    {
        var body = Encoding.UTF8.GetString(RobotMessage.Body("**张三** <font color=\"info\">领先</font>\n第2行"));

        Assert.Equal("""{"msgtype":"markdown","markdown":{"content":"**张三** <font color=\"info\">领先</font>\n第2行"}}""", body);
    }
}
