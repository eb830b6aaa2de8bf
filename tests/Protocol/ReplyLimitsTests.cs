using System.Text;
using System.Xml.Linq;
using BranchBot.Adapters.WeChat.Api;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Core.Messaging;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Protocol;

/// <summary>Texts within WeChat's 2048 bytes: a passive reply shortened at a line, a customer-service text split.</summary>
public sealed class ReplyLimitsTests
{
    private static readonly string LongStandings = string.Join('\n', Enumerable.Range(1, 200).Select(i => $"{i}. 测试第一支部 欧阳{i}号 {1000 - i}分"));

    [Fact]
    public void PassiveReply_LongText_IsShortenedWithinTheLimitAtALineBreak()
    {
        var header = new MessageHeader("gh_account", "oMember", DateTimeOffset.FromUnixTimeSeconds(1764547200), "1");
        var xml = ReplyWriter.Plain(Reply.Text(LongStandings), header, DateTimeOffset.FromUnixTimeSeconds(1764547200));
        var content = XDocument.Parse(xml).Root!.Element("Content")!.Value;
        Assert.True(Encoding.UTF8.GetByteCount(content) <= FakeWeChatRules.MaxTextBytes);
        Assert.EndsWith("分\n……（内容较长，以下从略）", content);
        Assert.StartsWith("1. 测试第一支部 欧阳1号 999分", content);
    }

    [Fact]
    public async Task CustomerServiceText_Long_GoesInPartsTheApiAccepts()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        await using var host = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["WeChat:AppSecret"] = "testsecret",
            ["WeChat:ApiBaseUrl"] = api.BaseUrl,
            ["WeChat:ApiRetryDelay"] = "00:00:00.010",
        });
        var messenger = host.Services.GetRequiredService<WeChatMessenger>();

        var result = await messenger.SendTextAsync("oMember", LongStandings, default);

        Assert.True(result.Delivered, result.Error);
        var calls = api.CallsTo("message/custom/send");
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.False(FakeWeChatRules.TextTooLong(c.Json)));
        Assert.StartsWith("1. ", calls[0].Json["text"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task FakeApi_RefusesAnOverlongTextAsWeChatDoes()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        await using var host = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["WeChat:AppSecret"] = "testsecret",
            ["WeChat:ApiBaseUrl"] = api.BaseUrl,
        });
        var result = await host.Services.GetRequiredService<WeChatApiClient>().SendCustomTextAsync("oMember", LongStandings, default);
        Assert.Equal(45002, result.ErrCode);
    }
}
