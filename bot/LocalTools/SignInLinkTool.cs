using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BranchBot.Adapters.Redis;
using BranchBot.Bot.Admin;
using BranchBot.Bot.Hosting;
using BranchBot.Core.Accounts;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.LocalTools;

/// <summary>
/// <c>sign-in-link [--url http://localhost:5000]</c>: prints a new one-time console sign-in link (valid 10 minutes).
/// With Redis configured it is written to the shared store; with the embedded store the running local-trial bot at
/// <c>--url</c> makes it (<c>POST /local/sign-in-link</c>, loopback only).
/// </summary>
internal sealed class SignInLinkTool(TextWriter output, Func<string[], WebApplication>? build = null) : ILocalTool
{
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var at = Array.IndexOf(args, "--url");
        var url = (at >= 0 && at + 1 < args.Length ? args[at + 1] : "http://localhost:5000").TrimEnd('/');
        var rest = at >= 0 ? args.Where((_, i) => i != at && i != at + 1).ToArray() : args;
        await using var app = (build ?? (a => BotApp.Build(a)))(rest);
        if (app.Services.GetRequiredService<IOptions<RedisOptions>>().Value.Enabled)
        {
            var token = await app.Services.GetRequiredService<SignInLinks>().IssueAsync(cancellationToken);
            await output.WriteLineAsync(SignInLinkAnnouncer.Format(url, token));
            return 0;
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var response = await http.PostAsync(url + "/local/sign-in-link", null, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"{url} 没有给出登录链接（{(int)response.StatusCode}）：只有本机试用模式的支部助手会在本机地址上提供。");
                return 1;
            }

            var json = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            await output.WriteLineAsync(json?["link"]?.GetValue<string>() ?? "没有得到登录链接。");
            return 0;
        }
        catch (HttpRequestException e)
        {
            await output.WriteLineAsync($"连接不到 {url}（{e.Message}）：请先运行 dotnet run --project bot，或用 --url 指定地址。");
            return 1;
        }
    }
}
