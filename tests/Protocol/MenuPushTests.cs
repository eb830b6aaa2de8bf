using System.Net;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Inbox;
using BranchBot.Core.Messaging;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Protocol;

/// <summary>The menu's scanner and photo pushes, as WeChat's documentation shows them, and broken ones.</summary>
public sealed class MenuPushTests
{
    // The samples of WeChat's "自定义菜单事件推送" page.
    private const string ScanWaitMsg = """
        <xml><ToUserName><![CDATA[gh_e136c6e50636]]></ToUserName>
        <FromUserName><![CDATA[oMgHVjngRipVsoxg6TuX3vz6glDg]]></FromUserName>
        <CreateTime>1408090606</CreateTime>
        <MsgType><![CDATA[event]]></MsgType>
        <Event><![CDATA[scancode_waitmsg]]></Event>
        <EventKey><![CDATA[6]]></EventKey>
        <ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>
        <ScanResult><![CDATA[2]]></ScanResult>
        </ScanCodeInfo>
        </xml>
        """;

    private const string PicSysPhoto = """
        <xml><ToUserName><![CDATA[gh_e136c6e50636]]></ToUserName>
        <FromUserName><![CDATA[oMgHVjngRipVsoxg6TuX3vz6glDg]]></FromUserName>
        <CreateTime>1408090651</CreateTime>
        <MsgType><![CDATA[event]]></MsgType>
        <Event><![CDATA[pic_sysphoto]]></Event>
        <EventKey><![CDATA[6]]></EventKey>
        <SendPicsInfo><Count>1</Count>
        <PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum>
        </item>
        </PicList>
        </SendPicsInfo>
        </xml>
        """;

    private static IncomingMessage? Parse(string xml, out string? error) => InboundParser.TryParse(WireXml.TryParse(xml, out _)!, out error);

    [Fact]
    public void TryParse_ScanWaitMsg_ReadsTheNestedScanResult()
    {
        var scan = Assert.IsType<MenuScanEvent>(Parse(ScanWaitMsg, out _));
        Assert.Equal(("6", "qrcode", "2"), (scan.Key, scan.ScanType, scan.Result));
        Assert.StartsWith("gh_e136c6e50636|e:1408090606:SCANCODE_WAITMSG:6:2", InboxKey.For(scan));
    }

    [Fact]
    public void TryParse_PicSysPhoto_ReadsTheCountAndSkipsTheList()
    {
        var photos = Assert.IsType<MenuPhotoEvent>(Parse(PicSysPhoto, out _));
        Assert.Equal(("6", 1), (photos.Key, photos.Count));
        Assert.IsType<MenuPhotoEvent>(Parse(PicSysPhoto.Replace("pic_sysphoto", "pic_photo_or_album"), out _));
        Assert.IsType<MenuPhotoEvent>(Parse(PicSysPhoto.Replace("pic_sysphoto", "PIC_WEIXIN"), out _));
    }

    [Fact]
    public void TryParse_ScanWithoutInfo_IsAnEmptyResultNotAnError()
    {
        var scan = Assert.IsType<MenuScanEvent>(Parse(ScanWaitMsg.Replace("<ScanCodeInfo>", "<Other>").Replace("</ScanCodeInfo>", "</Other>"), out var error));
        Assert.Null(error);
        Assert.Equal(string.Empty, scan.Result);
    }

    [Theory]
    [InlineData("<ScanResult><![CDATA[2]]></ScanResult>", "ScanResult is longer")]
    [InlineData("<Count>1</Count>", "SendPicsInfo.Count is not a number")]
    public void TryParse_HostileValues_AreRefusedWithAReason(string original, string reason)
    {
        var xml = original.StartsWith("<Scan", StringComparison.Ordinal)
            ? ScanWaitMsg.Replace(original, "<ScanResult>" + new string('x', 513) + "</ScanResult>")
            : PicSysPhoto.Replace(original, "<Count>lots</Count>");
        Assert.Null(Parse(xml, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public async Task Webhook_MalformedMenuPushes_Get400AndAnEmptyScanAPoliteAnswer()
    {
        await using var bot = await BotServer.StartAsync();
        var now = bot.ClockNow;
        using var tooLong = await bot.PostAsync(PushComposer.MenuScan(BotServer.Account, "oScanner", now, "SCAN_CHECKIN", new string('x', 600)), "oScanner");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        using var badCount = await bot.PostAsync(PushComposer.MenuPhotos(BotServer.Account, "oScanner", now, "MEETING_PHOTO", 1).Replace("<Count>1</Count>", "<Count>NaN</Count>"), "oScanner");
        Assert.Equal(HttpStatusCode.BadRequest, badCount.StatusCode);

        using var empty = await bot.PostAsync(PushComposer.MenuScan(BotServer.Account, "oScanner", now, "SCAN_CHECKIN", ""), "oScanner");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("未能识别该二维码", bot.Composer.ReadReply(await empty.Content.ReadAsStringAsync()).Content);
    }
}
