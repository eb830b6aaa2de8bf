using System.Net;
using System.Text;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Conversations;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Webhook;

/// <summary>The real host on Kestrel, spoken to exactly as WeChat does, in all three message modes.</summary>
public sealed class WebhookEndToEndTests : IAsyncLifetime
{
    private BotServer _bot = null!;

    public async Task InitializeAsync() => _bot = await BotServer.StartAsync(configure: s => s.AddSingleton<IConversationFeature, SurveyFeature>());

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Get_ValidSignature_EchoesEchostrAsPlainText()
    {
        var ts = BotServer.Now.ToString();
        var signature = Signature.Compute(BotServer.Token, ts, "77");
        using var response = await _bot.Http.GetAsync($"/wechat?signature={signature}&timestamp={ts}&nonce=77&echostr=5927782489442352469");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5927782489442352469", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("signature=0000000000000000000000000000000000000000&timestamp={ts}&nonce=1&echostr=x", HttpStatusCode.Unauthorized)]
    [InlineData("timestamp={ts}&nonce=1&echostr=x", HttpStatusCode.BadRequest)]
    [InlineData("signature={sig}&timestamp={ts}&nonce=1", HttpStatusCode.BadRequest)]
    public async Task Get_BadOrMissingParameters_IsRefused(string query, HttpStatusCode expected)
    {
        var ts = BotServer.Now.ToString();
        query = query.Replace("{ts}", ts).Replace("{sig}", Signature.Compute(BotServer.Token, ts, "1"));
        using var response = await _bot.Http.GetAsync("/wechat?" + query);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Post_Plaintext_RepliesPlainXmlToTheSenderInUnixSeconds()
    {
        using var response = await _bot.PostAsync(_bot.TextXml("oPlainUser", "帮助"), "oPlainUser");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType!.MediaType);
        var fields = WireXml.TryParse(await response.Content.ReadAsStringAsync(), out _)!;
        Assert.Equal("oPlainUser", fields["ToUserName"]);
        Assert.Equal(BotServer.Account, fields["FromUserName"]);
        Assert.Equal("text", fields["MsgType"]);
        Assert.Contains("问卷", fields["Content"]);
        Assert.InRange(long.Parse(fields["CreateTime"]!), BotServer.Now - 5, BotServer.Now + 1);
    }

    [Fact]
    public async Task Post_SafeMode_RepliesSignedEncryptedEnvelope()
    {
        using var response = await _bot.PostAsync(_bot.TextXml("oSafeUser", "帮助"), "oSafeUser", encrypt: true);
        var body = await response.Content.ReadAsStringAsync();
        var envelope = WireXml.TryParse(body, out _)!;
        Assert.True(envelope.Has("Encrypt") && envelope.Has("MsgSignature") && envelope.Has("Nonce"));
        Assert.InRange(long.Parse(envelope["TimeStamp"]!), BotServer.Now - 5, BotServer.Now + 1);
        Assert.DoesNotContain("<Content>", body);

        var reading = _bot.Composer.ReadReply(body);
        Assert.Equal("oSafeUser", reading.Fields!["ToUserName"]);
        Assert.Contains("问卷", reading.Content);
    }

    [Fact]
    public async Task Post_CompatibleMode_DecryptsAndAnswersEncrypted()
    {
        var xml = _bot.TextXml("oCompatUser", "问卷");
        var signed = _bot.Composer.Sign(xml, "oCompatUser", BotServer.Now, encrypt: true);
        var encrypt = WireXml.TryParse(signed.Body, out _)!["Encrypt"]!;
        var compatible = xml.Replace("</xml>", "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>");
        using var response = await _bot.Http.PostAsync(signed.PathAndQuery(), new StringContent(compatible));
        Assert.Equal("请问您的名字？", _bot.Composer.ReadReply(await response.Content.ReadAsStringAsync()).Content);
    }

    [Fact]
    public async Task Post_FlowAcrossMessages_KeepsSessionBetweenPushes()
    {
        Assert.Equal("请问您的名字？", await _bot.SayAsync("oFlowUser", "问卷"));
        Assert.Equal("记下了：张三", await _bot.SayAsync("oFlowUser", "张三", encrypt: true));
        Assert.Contains("帮助", await _bot.SayAsync("oFlowUser", "张三"));
    }

    [Fact]
    public async Task Post_UnknownMessageType_GetsPoliteReply()
    {
        var xml = PushComposer.Xml(BotServer.Account, "oOddUser", BotServer.Now, "miniprogrampage", ("MsgId", "42"), ("Title", "t"));
        using var response = await _bot.PostAsync(xml, "oOddUser");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("文字消息", _bot.Composer.ReadReply(await response.Content.ReadAsStringAsync()).Content);
    }

    [Fact]
    public async Task Post_UnknownEvent_AnswersSuccess()
    {
        using var response = await _bot.PostAsync(PushComposer.Event(BotServer.Account, "oOddUser", BotServer.Now, "kf_close_session"), "oOddUser", encrypt: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_SubscribeViaQrScene_WelcomesTheMember()
    {
        using var response = await _bot.PostAsync(PushComposer.Event(BotServer.Account, "oNewUser", BotServer.Now, "subscribe", "qrscene_123", ("Ticket", "T")), "oNewUser");
        Assert.StartsWith("欢迎关注支部助手", _bot.Composer.ReadReply(await response.Content.ReadAsStringAsync()).Content);
    }

    [Fact]
    public async Task Post_RetriedMsgId_GetsTheFirstReplyBytes()
    {
        var xml = _bot.TextXml("oRetryUser", "问卷");
        using var first = await _bot.PostAsync(xml, "oRetryUser", encrypt: true);
        using var retry = await _bot.PostAsync(xml, "oRetryUser", encrypt: true);
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(firstBody, await retry.Content.ReadAsByteArrayAsync());

        // The retry did not run the flow again: the next message is the answer to the first question.
        Assert.Equal("记下了：李四", await _bot.SayAsync("oRetryUser", "李四"));
    }

    [Fact]
    public async Task Post_SameSecondDifferentEvents_AreBothHandled()
    {
        var now = BotServer.Now;
        using var a = await _bot.PostAsync(PushComposer.Event(BotServer.Account, "oClicker", now, "CLICK", "HELP"), "oClicker");
        using var b = await _bot.PostAsync(PushComposer.Event(BotServer.Account, "oClicker", now, "CLICK", "SURVEY"), "oClicker");
        Assert.Contains("问卷", _bot.Composer.ReadReply(await a.Content.ReadAsStringAsync()).Content);
        Assert.Equal("请问您的名字？", _bot.Composer.ReadReply(await b.Content.ReadAsStringAsync()).Content);
    }

    [Fact]
    public async Task Healthz_EmbeddedStore_IsHealthy()
    {
        using var response = await _bot.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"store\":\"memory\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LocalOutbox_LocalTrial_AnswersLoopback()
    {
        await using var trial = await BotServer.StartAsync(BotServer.LocalTrial.ToDictionary());
        using var response = await trial.Http.GetAsync("/local/outbox");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }
}
