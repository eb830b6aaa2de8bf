using BranchBot.Adapters.WeChat.Api;
using BranchBot.Adapters.WeChat.Menu;
using BranchBot.Bot.Hosting;
using BranchBot.Bot.Menu;
using BranchBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.Menu;

/// <summary><c>publish-menu</c> as the operator runs it: the real host's services, the fake WeChat API.</summary>
public sealed class PublishMenuToolTests : IAsyncLifetime
{
    private FakeWeChatApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeWeChatApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private Func<string[], WebApplication> Build(bool account) => args => BotApp.Build(
        [
            .. args, "--urls=http://127.0.0.1:0",
            .. account
                ? new[]
                {
                    $"--WeChat:AppId={BotServer.AppId}", $"--WeChat:Token={BotServer.Token}", $"--WeChat:EncodingAESKey={BotServer.AesKey}",
                    "--WeChat:AppSecret=testsecret", $"--WeChat:ApiBaseUrl={_api.BaseUrl}", "--WeChat:ApiRetryDelay=00:00:00.010",
                }
                : [],
        ],
        b => b.Logging.ClearProviders());

    private async Task<(int Exit, string Output)> RunAsync(bool account, params string[] args)
    {
        var output = new StringWriter();
        var exit = await new PublishMenuTool(output, Build(account)).RunAsync(args, default);
        return (exit, output.ToString());
    }

    private IReadOnlyList<string> MenuCalls() =>
        _api.Calls.Where(c => c.Path.StartsWith("menu/", StringComparison.Ordinal) || c.Path.StartsWith("tags/", StringComparison.Ordinal)).Select(c => c.Path).ToList();

    [Fact]
    public async Task DryRun_PrintsTheMenusAndCallsNothing()
    {
        var (exit, output) = await RunAsync(account: false, "--dry-run");
        Assert.Equal(0, exit);
        Assert.Contains("每日答题 [click QUIZ_DAILY → 答题]", output);
        Assert.Contains("个性化菜单（secretary，微信标签「支部书记」）", output);
        Assert.Contains("待批请假 [click LEAVE_PENDING → 待批请假]", output);
        Assert.Contains("检查通过（--dry-run：未发布）", output);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Publish_WithoutTheAccountsApi_SaysWhatIsMissing()
    {
        var (exit, output) = await RunAsync(account: false);
        Assert.Equal(2, exit);
        Assert.Contains("WeChat:AppSecret", output);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Publish_BrokenFile_IsRefusedBeforeAnyCall()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """{"default":{"button":[{"type":"click","name":"一个太长的菜单名称","key":"NOWHERE"}]}}""");
            var (exit, output) = await RunAsync(account: true, "--file", file);
            Assert.Equal(1, exit);
            Assert.Contains("最多 4 个汉字", output);
            Assert.Contains("没有对应的功能", output);
            Assert.Contains("未发布", output);
            Assert.Empty(MenuCalls());
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(2, (await RunAsync(account: true, "--file")).Exit);
    }

    [Fact]
    public async Task Publish_CreatesTheMenuThenTheTagsThenTheConditionalMenu_AndRepeatingReplacesIt()
    {
        // Like WeChat, the fake wants a default menu before a conditional one.
        await using (var app = Build(account: true)([]))
        {
            var early = await app.Services.GetRequiredService<WeChatApiClient>().AddConditionalMenuAsync(MenuJson.Menu([new MenuButton("帮助", "click", "HELP", null, [])], 1), default);
            Assert.Equal(65303, early.ErrCode);
        }

        var (exit, output) = await RunAsync(account: true);
        Assert.True(exit == 0, output);
        Assert.Equal(["menu/addconditional", "menu/create", "tags/get", "tags/create", "tags/create", "menu/get", "menu/addconditional"], MenuCalls());
        Assert.Contains("menu/create：成功", output);
        Assert.Contains("发布成功", output);
        Assert.Equal(["学习", "会议", "竞赛"], _api.DefaultMenu!.Select(b => b!["name"]!.GetValue<string>()));
        var conditional = Assert.Single(_api.ConditionalMenus);
        var secretaryTag = _api.CallsTo("tags/create").Select(c => c.Json["tag"]!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["支部书记", "管理员"], secretaryTag);
        Assert.Equal("支部管理", conditional["button"]![2]!["name"]!.GetValue<string>());

        // Again: the same menu, the tags found, the old conditional menu replaced rather than a second one added.
        var before = MenuCalls().Count;
        var again = await RunAsync(account: true);
        Assert.True(again.Exit == 0, again.Output);
        Assert.Equal(["menu/create", "tags/get", "menu/get", "menu/delconditional", "menu/addconditional"], MenuCalls().Skip(before));
        var replaced = Assert.Single(_api.ConditionalMenus);
        Assert.NotEqual(conditional["menuid"]!.ToString(), replaced["menuid"]!.ToString());
        Assert.Equal(conditional["matchrule"]!.ToJsonString(), replaced["matchrule"]!.ToJsonString());
    }

    [Fact]
    public async Task Publish_WeChatRefuses_SaysWhatWeChatSaidAndARerunFinishes()
    {
        _api.FailNext("menu/addconditional", 65305, errMsg: "too many personal menus");
        var (exit, output) = await RunAsync(account: true);
        Assert.Equal(1, exit);
        Assert.Contains("menu/addconditional 「支部书记」：失败 65305 too many personal menus", output);
        Assert.Contains("可重复运行", output);
        Assert.Empty(_api.ConditionalMenus);

        Assert.Equal(0, (await RunAsync(account: true)).Exit);
        Assert.Single(_api.ConditionalMenus);
    }
}
