using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Messaging;

namespace BranchBot.Tests.Protocol;

public sealed class InboundParserTests
{
    private const string Head = "<ToUserName><![CDATA[gh_a]]></ToUserName><FromUserName><![CDATA[oUser_1-x]]></FromUserName><CreateTime>1409735668</CreateTime>";

    private static IncomingMessage Parse(string inner)
    {
        var message = InboundParser.TryParse(WireXml.TryParse("<xml>" + Head + inner + "</xml>", out _)!, out var error);
        Assert.True(message is not null, error);
        return message!;
    }

    [Fact]
    public void TryParse_Text_KeepsContentAndSixtyFourBitMsgId()
    {
        var text = Assert.IsType<TextMessage>(Parse("<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[答题]]></Content><MsgId>9223372036854775807</MsgId>"));
        Assert.Equal("答题", text.Content);
        Assert.Equal("9223372036854775807", text.Header.MsgId);
        Assert.Equal("oUser_1-x", text.Header.OpenId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1409735668), text.Header.CreatedAt);
    }

    [Fact]
    public void TryParse_EveryMessageType_MapsToItsRecord()
    {
        Assert.IsType<ImageMessage>(Parse("<MsgType>image</MsgType><PicUrl>http://p</PicUrl><MediaId>m</MediaId><MsgId>1</MsgId>"));
        var voice = Assert.IsType<VoiceMessage>(Parse("<MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><Recognition>签到</Recognition><MsgId>2</MsgId>"));
        Assert.Equal("签到", voice.Recognition);
        Assert.False(Assert.IsType<VideoMessage>(Parse("<MsgType>video</MsgType><MediaId>m</MediaId><ThumbMediaId>t</ThumbMediaId><MsgId>3</MsgId>")).IsShort);
        Assert.True(Assert.IsType<VideoMessage>(Parse("<MsgType>shortvideo</MsgType><MediaId>m</MediaId><ThumbMediaId>t</ThumbMediaId><MsgId>4</MsgId>")).IsShort);
        var location = Assert.IsType<LocationMessage>(Parse("<MsgType>location</MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label>位置</Label><MsgId>5</MsgId>"));
        Assert.Equal(23.134521, location.Latitude);
        Assert.Equal(113.358803, location.Longitude);
        Assert.Equal(20, location.Scale);
        Assert.Equal("http://u", Assert.IsType<LinkMessage>(Parse("<MsgType>link</MsgType><Title>t</Title><Description>d</Description><Url>http://u</Url><MsgId>6</MsgId>")).Url);
        Assert.Equal("miniprogrampage", Assert.IsType<UnknownMessage>(Parse("<MsgType>miniprogrampage</MsgType><MsgId>7</MsgId>")).MsgType);
    }

    [Fact]
    public void TryParse_Events_MapCaseInsensitivelyAndStripQrScenePrefix()
    {
        var follow = Assert.IsType<SubscribeEvent>(Parse("<MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_123123</EventKey><Ticket>TICKET</Ticket>"));
        Assert.Equal("123123", follow.Scene);
        Assert.Equal("TICKET", follow.Ticket);
        Assert.Null(Assert.IsType<SubscribeEvent>(Parse("<MsgType>event</MsgType><Event>SUBSCRIBE</Event><EventKey></EventKey>")).Scene);
        Assert.IsType<UnsubscribeEvent>(Parse("<MsgType>event</MsgType><Event>unsubscribe</Event>"));
        Assert.Equal("SCENE_VALUE", Assert.IsType<ScanEvent>(Parse("<MsgType>event</MsgType><Event>SCAN</Event><EventKey>SCENE_VALUE</EventKey><Ticket>T</Ticket>")).Scene);
        Assert.Equal("EVENTKEY", Assert.IsType<MenuClickEvent>(Parse("<MsgType>event</MsgType><Event>click</Event><EventKey>EVENTKEY</EventKey>")).Key);
        Assert.Equal("www.qq.com", Assert.IsType<MenuViewEvent>(Parse("<MsgType>event</MsgType><Event>VIEW</Event><EventKey>www.qq.com</EventKey>")).Url);
        var report = Assert.IsType<LocationReportEvent>(Parse("<MsgType>event</MsgType><Event>LOCATION</Event><Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision>"));
        Assert.Equal(113.352425, report.Longitude);
        var job = Assert.IsType<TemplateSendFinishedEvent>(Parse("<MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>200163836</MsgID><Status>success</Status>"));
        Assert.Equal("200163836", job.TemplateMsgId);
        Assert.Equal("kf_create_session", Assert.IsType<UnknownEvent>(Parse("<MsgType>event</MsgType><Event>kf_create_session</Event>")).Name);
    }

    [Theory]
    [InlineData("<ToUserName>gh</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>")]
    [InlineData("<ToUserName>gh</ToUserName><FromUserName>o{bad}</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>")]
    [InlineData("<ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>-1</CreateTime><MsgType>text</MsgType>")]
    [InlineData("<ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>99999999999999999999</CreateTime><MsgType>text</MsgType>")]
    [InlineData("<ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>")]
    [InlineData("<ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>12a</MsgId>")]
    [InlineData("<ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>")]
    [InlineData("<ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>location</MsgType><Location_X>NaN</Location_X><Location_Y>1</Location_Y>")]
    [InlineData("<ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>location</MsgType><Location_X>1e400</Location_X><Location_Y>1</Location_Y>")]
    public void TryParse_MissingOrMalformedField_IsRefusedWithReason(string inner)
    {
        Assert.Null(InboundParser.TryParse(WireXml.TryParse("<xml>" + inner + "</xml>", out _)!, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
