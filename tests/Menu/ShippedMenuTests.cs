using System.Text;
using BranchBot.Adapters.WeChat.Menu;
using BranchBot.Bot.Hosting;
using BranchBot.Bot.Menu;
using BranchBot.Core.Conversations;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.Menu;

/// <summary>The shipped menu file: within WeChat's limits, every key answered by a feature, and accepted by the fake WeChat.</summary>
public sealed class ShippedMenuTests
{
    private static readonly string ShippedPath = RepoRoot.PathOf("bot", "Menu", "menus.json");

    /// <summary>The bot's own catalog and router, as the local trial registers them.</summary>
    internal static async Task<T> WithBotAsync<T>(Func<IServiceProvider, T> use)
    {
        await using var app = BotApp.Build(["--urls=http://127.0.0.1:0"], b => b.Logging.ClearProviders());
        return use(app.Services);
    }

    [Fact]
    public async Task ShippedMenus_KeepTheLimitsAndEveryKeyReachesAFeature()
    {
        var check = await WithBotAsync(sp => sp.GetRequiredService<MenuCatalog>().Check(File.ReadAllBytes(ShippedPath)));
        Assert.True(check.Ok, string.Join("\n", check.Problems));
        var menus = check.Menus!;
        Assert.InRange(menus.Default.Count, 1, MenuRules.MaxTop);
        Assert.Equal("secretary", Assert.Single(menus.Conditional).Role);
        Assert.Equal(["MEETING_NEW", "CHECKIN_CODE", "ATTENDANCE", "LEAVE_PENDING", "COMPETITION_NEW"],
            menus.Conditional[0].Buttons.Single(b => b.Name == "支部管理").SubButtons.Select(b => b.Key));

        // The scanner and photo buttons the issue asks for are there.
        var leaves = menus.Default.SelectMany(b => b.Leaves).ToList();
        Assert.Contains(leaves, b => b is { Type: "scancode_waitmsg", Key: "SCAN_CHECKIN" });
        Assert.Contains(leaves, b => b is { Type: "scancode_waitmsg", Key: "SCAN_JOIN" });
        Assert.Contains(leaves, b => b is { Type: "pic_photo_or_album", Key: "MEETING_PHOTO" });
    }

    [Fact]
    public void ShippedMenus_AreWhatTheFakeWeChatAccepts()
    {
        var menus = MenuFile.Parse(File.ReadAllBytes(ShippedPath), out var error)!;
        Assert.Null(error);
        foreach (var buttons in menus.Conditional.Select(c => c.Buttons).Prepend(menus.Default))
        {
            Assert.Null(FakeWeChatRules.MenuRefusal(MenuJson.Menu(buttons)["button"]));
        }
    }

    [Fact]
    public async Task Check_AKeyNoFeatureHandles_IsNamed()
    {
        var json = File.ReadAllText(ShippedPath).Replace("\"QUIZ_DAILY\"", "\"QUIZ_DAILY_OLD\"").Replace("\"SCAN_JOIN\"", "\"SCAN_NOWHERE\"");
        var check = await WithBotAsync(sp => sp.GetRequiredService<MenuCatalog>().Check(Encoding.UTF8.GetBytes(json)));
        Assert.False(check.Ok);
        Assert.Contains(check.Problems, p => p.Contains("QUIZ_DAILY_OLD") && p.Contains("没有对应的功能"));
        Assert.Contains(check.Problems, p => p.Contains("SCAN_NOWHERE") && p.Contains("没有对应的功能"));
    }

    public static TheoryData<string, string> Broken => new()
    {
        { """{"default":{"button":[]}}""", "一级菜单应为 1–3 个" },
        { """{"default":{"button":[{"type":"click","name":"一","key":"HELP"},{"type":"click","name":"二","key":"HELP"},{"type":"click","name":"三","key":"HELP"},{"type":"click","name":"四","key":"HELP"}]}}""", "一级菜单应为 1–3 个" },
        { """{"default":{"button":[{"name":"学习","sub_button":[{"type":"click","name":"1","key":"HELP"},{"type":"click","name":"2","key":"HELP"},{"type":"click","name":"3","key":"HELP"},{"type":"click","name":"4","key":"HELP"},{"type":"click","name":"5","key":"HELP"},{"type":"click","name":"6","key":"HELP"}]}]}}""", "最多 5 个" },
        { """{"default":{"button":[{"type":"click","name":"学习答题园地","key":"HELP"}]}}""", "最多 4 个汉字" },
        { """{"default":{"button":[{"type":"click","name":"StudyNow1","key":"HELP"}]}}""", "最多 4 个汉字" },
        { """{"default":{"button":[{"name":"学习","sub_button":[{"type":"click","name":"每日答题每日答题","key":"HELP"}]}]}}""", "最多 7 个汉字" },
        { """{"default":{"button":[{"type":"location_select","name":"位置","key":"X"}]}}""", "不受支持" },
        { """{"default":{"button":[{"type":"click","name":"帮助"}]}}""", "key 应为" },
        { """{"default":{"button":[{"type":"view","name":"网页","url":"javascript:alert(1)"}]}}""", "url 应为" },
        { """{"default":{"button":[{"type":"click","name":"帮助","key":"HELP"}]},"conditional":[{"role":"secretary","button":[{"type":"click","name":"帮助","key":"HELP"}]}]}""", "没有在 tags 中写明" },
        { """{"tags":{"boss":"老板"},"default":{"button":[{"type":"click","name":"帮助","key":"HELP"}]}}""", "「boss」无效" },
        { """{"default":{"button":"x"}}""", "缺少 button" },
        { """{"default":{"button":[{"type":1,"name":"帮助"}]}}""", "type 应为文字" },
        { """[1,2]""", "应为 JSON 对象" },
        { """{"default":""", "不是有效的 JSON" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Check_BrokenMenus_AreRefusedWithAReason(string json, string reason)
    {
        var check = await WithBotAsync(sp => sp.GetRequiredService<MenuCatalog>().Check(Encoding.UTF8.GetBytes(json)));
        Assert.False(check.Ok);
        Assert.Contains(check.Problems, p => p.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Width_CountsChineseDoubleAndLatinSingle()
    {
        Assert.Equal(8, MenuRules.Width("支部管理"));
        Assert.Equal(8, MenuRules.Width("Study1支"));
        Assert.Equal(14, MenuRules.Width("房间号参赛ABCD"));
    }

    [Fact]
    public void HandlesMenuKey_KnowsClickScanAndPhotoKeysOnly()
    {
        var router = new ConversationRouter([], []);
        Assert.True(router.HandlesMenuKey("click", ConversationRouter.HelpMenuKey));
        Assert.False(router.HandlesMenuKey("click", "QUIZ_DAILY"));
        Assert.False(router.HandlesMenuKey("scancode_waitmsg", "SCAN_CHECKIN"));
    }
}
