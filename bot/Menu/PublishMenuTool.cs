using BranchBot.Adapters.WeChat;
using BranchBot.Bot.Hosting;
using BranchBot.Bot.LocalTools;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Menu;

/// <summary>
/// <c>publish-menu [--dry-run] [--file menus.json]</c>: checks the menu file against WeChat's limits and this bot's
/// features and prints it; without <c>--dry-run</c> publishes it through the WeChat API (menu/create, the tags,
/// menu/addconditional) and prints what WeChat answered to each call. Exit code 0 when all is well, 1 when the file
/// has problems or WeChat refused, 2 when the account is not configured.
/// </summary>
internal sealed class PublishMenuTool(TextWriter output, Func<string[], WebApplication>? build = null) : ILocalTool
{
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var dryRun = args.Contains("--dry-run");
        var at = Array.IndexOf(args, "--file");
        var rest = args.Where((a, i) => a != "--dry-run" && (at < 0 || (i != at && i != at + 1))).ToList();
        if (at >= 0)
        {
            if (at + 1 >= args.Length)
            {
                await output.WriteLineAsync("用法：dotnet run --project bot -- publish-menu [--dry-run] [--file 菜单文件.json]");
                return 2;
            }

            rest.Add("--Menu:File=" + Path.GetFullPath(args[at + 1]));
        }

        await using var app = (build ?? (a => BotApp.Build(a)))([.. rest]);
        var catalog = app.Services.GetRequiredService<MenuCatalog>();
        await output.WriteLineAsync("菜单文件：" + catalog.Path);
        var check = await catalog.LoadAsync(cancellationToken);
        if (check.Menus is { } menus)
        {
            foreach (var line in catalog.Describe(menus))
            {
                await output.WriteLineAsync(line);
            }
        }

        foreach (var problem in check.Problems)
        {
            await output.WriteLineAsync("错误：" + problem);
        }

        if (!check.Ok)
        {
            await output.WriteLineAsync($"检查未通过：{check.Problems.Count} 处错误，未发布。");
            return 1;
        }

        if (dryRun)
        {
            await output.WriteLineAsync("检查通过（--dry-run：未发布）。");
            return 0;
        }

        WeChatOptions wechat;
        try
        {
            wechat = app.Services.GetRequiredService<IOptions<WeChatOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            await output.WriteLineAsync("公众号配置有误：" + string.Join("；", e.Failures));
            return 2;
        }

        if (!wechat.UsesApi)
        {
            await output.WriteLineAsync("发布菜单需要公众号接口：请配置 WeChat:AppId 和 WeChat:AppSecret（见 docs/menu.md）。");
            return 2;
        }

        var (_, report) = await app.Services.GetRequiredService<MenuPublishing>().PublishAsync(cancellationToken);
        foreach (var call in report!.Calls)
        {
            await output.WriteLineAsync("  " + call);
        }

        await output.WriteLineAsync(report.Ok
            ? "发布成功。关注者的菜单最多 5 分钟后更新（可取消关注再关注立即查看）。"
            : "发布未完成：请按上面微信的回答修改后再次运行（可重复运行）。");
        return report.Ok ? 0 : 1;
    }
}
