using System.Net;
using System.Text;
using BranchBot.Adapters.Memory;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Fuzz;

/// <summary>
/// 100,000 mutated pushes through the real webhook, one at a time so each can be checked: never a 5xx, and a rejected
/// push never changes the store. Mutations are seeded, so a failure can be replayed.
/// </summary>
public sealed class WebhookFuzzTests
{
    private const int Iterations = 100_000;
    private const int Seed = 20261123;

    [Fact]
    public async Task Webhook_HundredThousandMutatedPushes_NeverAnswers5xxAndRejectionsChangeNothing()
    {
        // A clock that stands still: on a slow machine the run outlasts the de-duplication records' five minutes, and a
        // record expiring mid-request would look like a change.
        await using var bot = await BotServer.StartAsync(new Dictionary<string, string?> { ["Reminders:RunWorkers"] = "false", ["Competitions:RunTicker"] = "false" },
            clock: new ManualClock(DateTimeOffset.UtcNow));
        var store = bot.Services.GetRequiredService<MemoryStore>();
        var random = new Random(Seed);
        var counts = new Dictionary<int, int>();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < Iterations; i++)
        {
            var request = Mutate(bot, random, i);
            var before = store.KeyCount;
            using var response = await bot.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            counts[status] = counts.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"iteration {i} answered {status}");
            if (status >= 400)
            {
                Assert.True(store.KeyCount == before, $"iteration {i} was rejected with {status} but changed the store");
            }
        }

        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(heapAfter - heapBefore < 256L * 1024 * 1024, $"heap grew by {(heapAfter - heapBefore) / 1024 / 1024} MB");
        Assert.True(counts.GetValueOrDefault(200) > 1000, "too few mutations were valid enough to be processed: " + string.Join(", ", counts));
        Assert.True(counts.Where(c => c.Key >= 400).Sum(c => c.Value) > Iterations / 2, "too few mutations were rejected: " + string.Join(", ", counts));
    }

    private static HttpRequestMessage Mutate(BotServer bot, Random random, int i)
    {
        var openId = "oFuzz" + (i % 97).ToString("00");
        var xml = random.Next(4) switch
        {
            0 => bot.TextXml(openId, Pick(random, ["帮助", "答题", "A", "绑定 张三 0001", "签到 123456", "参赛 123456", "积分", new string('长', 500)])),
            1 => PushComposer.Event(BotServer.Account, openId, bot.ClockNow, Pick(random, ["subscribe", "SCAN", "CLICK", "unsubscribe", "LOCATION", "TEMPLATESENDJOBFINISH", "weird"]), "qrscene_ci_x"),
            2 => PushComposer.Xml(BotServer.Account, openId, bot.ClockNow, "location", ("Location_X", "39.9"), ("Location_Y", "116.4"), ("Scale", "15"), ("Label", "x"), ("MsgId", BotServer.NextMsgId().ToString())),
            _ => PushComposer.Xml(BotServer.Account, openId, bot.ClockNow, Pick(random, ["image", "voice", "video", "link", "miniprogrampage"]), ("MsgId", BotServer.NextMsgId().ToString()), ("MediaId", "m")),
        };

        var kind = random.Next(10);
        var encrypt = kind >= 7;
        var body = Encoding.UTF8.GetBytes(xml);
        if (!encrypt)
        {
            body = MutateBytes(random, body);
        }
        else if (random.Next(2) == 0)
        {
            // Mutate inside the ciphertext's plaintext, so the inner parser sees it.
            xml = Encoding.UTF8.GetString(MutateBytes(random, body));
        }

        var push = bot.Composer.Sign(xml, openId, bot.ClockNow, encrypt);
        if (encrypt)
        {
            var text = push.Body;
            if (random.Next(3) == 0)
            {
                // Corrupt the Encrypt value itself and sign what was sent, to reach base64, padding and AppID checks.
                var start = text.IndexOf("<Encrypt><![CDATA[", StringComparison.Ordinal) + 18;
                var end = text.IndexOf("]]></Encrypt>", start, StringComparison.Ordinal);
                var encrypted = MutateText(random, text[start..end]);
                text = text[..start] + encrypted + text[end..];
                var ts = push.Query.Single(q => q.Key == "timestamp").Value;
                var nonce = push.Query.Single(q => q.Key == "nonce").Value;
                push = push with
                {
                    Query = push.Query.Select(q => q.Key == "msg_signature" ? new KeyValuePair<string, string>(q.Key, Signature.Compute(BotServer.Token, ts, nonce, encrypted)) : q).ToList(),
                };
            }

            body = Encoding.UTF8.GetBytes(text);
        }

        var query = random.Next(20) == 0 ? MutateText(random, push.PathAndQuery()) : push.PathAndQuery();
        return new HttpRequestMessage(HttpMethod.Post, query.StartsWith("/wechat", StringComparison.Ordinal) ? query : "/wechat?" + query)
        {
            Content = new ByteArrayContent(body),
        };
    }

    private static byte[] MutateBytes(Random random, byte[] input)
    {
        var bytes = input.ToList();
        switch (random.Next(9))
        {
            case 0:
                for (var k = random.Next(1, 8); k > 0 && bytes.Count > 0; k--)
                {
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 1:
                bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                break;
            case 2:
                bytes.InsertRange(0, Encoding.UTF8.GetBytes("<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"));
                break;
            case 3:
                bytes = Encoding.Unicode.GetBytes(Encoding.UTF8.GetString([.. bytes])).ToList();
                break;
            case 4:
                var xml = Encoding.UTF8.GetString([.. bytes]);
                bytes = Encoding.UTF8.GetBytes(xml.Replace("<CreateTime>", "<CreateTime>99999999999999999999999", StringComparison.Ordinal)).ToList();
                break;
            case 5:
                var deep = string.Concat(Enumerable.Repeat("<a>", random.Next(10, 5000)));
                var text = Encoding.UTF8.GetString([.. bytes]);
                bytes = Encoding.UTF8.GetBytes(text.Replace("</xml>", "<Deep>" + deep + "</Deep></xml>", StringComparison.Ordinal)).ToList();
                break;
            case 6:
                bytes.AddRange(Enumerable.Repeat((byte)'x', random.Next(60_000, 70_000)));
                break;
            case 7:
                bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                break;
            default:
                break;
        }

        return [.. bytes];
    }

    private static string MutateText(Random random, string text)
    {
        if (text.Length == 0)
        {
            return "!";
        }

        var chars = text.ToCharArray();
        return random.Next(4) switch
        {
            0 => text[..random.Next(text.Length)],
            1 => new string(chars.Select(c => random.Next(20) == 0 ? "!@#%+/=A0é"[random.Next(10)] : c).ToArray()),
            2 => text + new string('=', random.Next(1, 5)),
            _ => text.Insert(random.Next(text.Length), "%00"),
        };
    }

    private static string Pick(Random random, string[] options) => options[random.Next(options.Length)];
}
