using System.Text;
using BranchBot.Adapters.WeChat.Protocol;

namespace BranchBot.Tests.Protocol;

public sealed class WireXmlTests
{
    [Fact]
    public void TryParse_FlatPush_ReadsCdataAndPlainValues()
    {
        var fields = WireXml.TryParse("<xml><A><![CDATA[x]]></A><B>12</B><Empty/></xml>", out var error);
        Assert.Null(error);
        Assert.Equal("x", fields!["A"]);
        Assert.Equal("12", fields["B"]);
        Assert.Equal(string.Empty, fields["Empty"]);
    }

    [Fact]
    public void TryParse_NestedList_IsSkippedNotFailed()
    {
        var fields = WireXml.TryParse("<xml><Event>subscribe_msg_popup_event</Event><SubscribeMsgPopupEvent><List><TemplateId>t</TemplateId></List></SubscribeMsgPopupEvent><After>1</After></xml>", out _);
        Assert.Equal("subscribe_msg_popup_event", fields!["Event"]);
        Assert.False(fields.Has("SubscribeMsgPopupEvent"));
        Assert.Equal("1", fields["After"]);
    }

    [Theory]
    [InlineData("<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><xml><Content>&b;</Content></xml>")]
    [InlineData("<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><Content>&xxe;</Content></xml>")]
    [InlineData("<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/evil.dtd\"><xml/>")]
    [InlineData("<xml><Content>&undefined;</Content></xml>")]
    [InlineData("<xml><Content>x</Content>")]
    [InlineData("<xml><A></B></xml>")]
    [InlineData("<notxml><A>1</A></notxml>")]
    [InlineData("")]
    [InlineData("<xml/><xml/>")]
    public void TryParse_HostileOrBroken_IsRefusedWithReason(string xml)
    {
        Assert.Null(WireXml.TryParse(Encoding.UTF8.GetBytes(xml), out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryParse_DeepNesting_IsHandledWithoutStackOverflow()
    {
        var deep = "<xml><A>" + string.Concat(Enumerable.Repeat("<b>", 20000)) + string.Concat(Enumerable.Repeat("</b>", 20000)) + "</A><B>ok</B></xml>";
        var fields = WireXml.TryParse(Encoding.UTF8.GetBytes(deep), out _);
        Assert.Equal("ok", fields!["B"]);
    }

    [Fact]
    public void Cdata_ContentWithTerminator_CannotBreakOut()
    {
        var xml = "<xml><Content>" + WireXml.Cdata("a]]><Injected>1</Injected>") + "</Content></xml>";
        var fields = WireXml.TryParse(xml, out _);
        Assert.Equal("a]]><Injected>1</Injected>", fields!["Content"]);
        Assert.False(fields.Has("Injected"));
    }
}
