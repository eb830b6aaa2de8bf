using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using BranchBot.Adapters.Memory;
using BranchBot.Adapters.WeChat;
using BranchBot.Adapters.WeChat.Protocol;

namespace BranchBot.Bot.LocalTools;

/// <summary>
/// <c>chat [--aes] [--url http://localhost:5000] [--openid ID]</c>: talk to a running bot as WeChat would, signing
/// (and with --aes encrypting) every message with the configured account, and show replies and pushes.
/// Lines starting with / send events: /subscribe [scene], /scan SCENE, /click KEY, /scancode TEXT (the menu's scanner
/// read TEXT), /photo (a photo sent from the menu), /location LAT LNG (a location picked on
/// the map), /here LAT LNG (WeChat's automatic location report), /unsubscribe, /quit.
/// </summary>
internal sealed class ConsoleChat(TextReader input, TextWriter output, TimeProvider time) : ILocalTool
{
    private const string Account = "gh_localtrial";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var aes = args.Contains("--aes");
        var url = Option(args, "--url") ?? "http://localhost:5000";
        var openId = Option(args, "--openid") ?? "oLocalTrialMember0000000001";
        var wechat = LoadOptions(args);
        if (aes && string.IsNullOrEmpty(wechat.EncodingAESKey))
        {
            await output.WriteLineAsync("--aes needs WeChat:EncodingAESKey in the configuration.");
            return 2;
        }

        var composer = new PushComposer(wechat.Token, wechat.AppId, wechat.EncodingAESKey);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        long lastPush = 0;
        await output.WriteLineAsync($"支部助手本地对话 → {url}（{(aes ? "安全模式" : "明文模式")}，openid {openId}）。输入消息回车发送，/quit 退出。");
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line == "/quit")
            {
                break;
            }

            var now = time.GetUtcNow().ToUnixTimeSeconds();
            var xml = Compose(line, openId, now);
            if (xml is null)
            {
                await output.WriteLineAsync("未知命令。可用：/subscribe [场景] /scan 场景 /click 键 /scancode 扫码内容 /photo /location 纬度 经度 /here 纬度 经度 /unsubscribe /quit");
                continue;
            }

            var push = composer.Sign(xml, openId, now, aes);
            try
            {
                using var response = await http.PostAsync(push.PathAndQuery(), new StringContent(push.Body), cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await output.WriteLineAsync($"[HTTP {(int)response.StatusCode}] {body}");
                    continue;
                }

                var reply = composer.ReadReply(body);
                await output.WriteLineAsync(reply.IsSuccess ? "（机器人没有直接回复）" : "支部助手：" + reply.Content);
                lastPush = await ShowPushesAsync(http, openId, lastPush, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                await output.WriteLineAsync($"连不上 {url}：{e.Message}。请先运行 dotnet run --project bot");
            }
        }

        return 0;
    }

    private static string? Compose(string line, string openId, long now)
    {
        if (!line.StartsWith('/'))
        {
            return PushComposer.Text(Account, openId, now, line, RandomNumberGenerator.GetInt32(1, int.MaxValue) * 4_294_967_296L + now);
        }

        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            ["/subscribe"] => PushComposer.Event(Account, openId, now, "subscribe"),
            ["/subscribe", var scene] => PushComposer.Event(Account, openId, now, "subscribe", "qrscene_" + scene, ("Ticket", "local")),
            ["/scan", var scene] => PushComposer.Event(Account, openId, now, "SCAN", scene, ("Ticket", "local")),
            ["/click", var key] => PushComposer.Event(Account, openId, now, "CLICK", key),
            ["/scancode", var result] => PushComposer.MenuScan(Account, openId, now, "SCAN_CHECKIN", result),
            ["/photo"] => PushComposer.Image(Account, openId, now, "http://mmbiz.qpic.cn/local/0", "local-media-" + now.ToString(CultureInfo.InvariantCulture),
                RandomNumberGenerator.GetInt32(1, int.MaxValue) * 4_294_967_296L + now),
            ["/unsubscribe"] => PushComposer.Event(Account, openId, now, "unsubscribe"),
            ["/here", var lat, var lng] => PushComposer.Event(Account, openId, now, "LOCATION", null, ("Latitude", lat), ("Longitude", lng), ("Precision", "30")),
            ["/location", var lat, var lng] => PushComposer.Xml(Account, openId, now, "location",
                ("Location_X", lat), ("Location_Y", lng), ("Scale", "16"), ("Label", "本地位置"),
                ("MsgId", (RandomNumberGenerator.GetInt32(1, int.MaxValue) * 4_294_967_296L + now).ToString(CultureInfo.InvariantCulture))),
            _ => null,
        };
    }

    private async Task<long> ShowPushesAsync(HttpClient http, string openId, long after, CancellationToken cancellationToken)
    {
        try
        {
            var pushes = await http.GetFromJsonAsync<List<OutboxEntry>>($"/local/outbox?after={after}&openid={Uri.EscapeDataString(openId)}", cancellationToken) ?? [];
            foreach (var push in pushes)
            {
                await output.WriteLineAsync("[推送] " + push.Text);
                after = Math.Max(after, push.Sequence);
            }
        }
        catch (HttpRequestException)
        {
            // The bot sends through WeChat (AppSecret set): there is no local outbox to show.
        }

        return after;
    }

    private static WeChatOptions LoadOptions(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a.Contains('=')).ToArray())
            .Build();
        var options = configuration.GetSection(WeChatOptions.Section).Get<WeChatOptions>() ?? new WeChatOptions();
        WeChatOptionsDefaults.Apply(options);
        return options;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
