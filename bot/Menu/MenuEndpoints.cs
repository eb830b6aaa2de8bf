using System.Text.Json;
using BranchBot.Adapters.WeChat;
using BranchBot.Adapters.WeChat.Api;
using BranchBot.Bot.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Menu;

/// <summary>GET /api/menu (admins): the menu file as checked, the last publish, and the menus WeChat now holds.</summary>
internal static class MenuEndpoints
{
    public static RouteGroupBuilder MapMenuEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/menu", GetAsync).RequireOrganisation();
        return api;
    }

    private static async Task<Ok<MenuView>> GetAsync(MenuCatalog catalog, MenuPublishing publishing, WeChatApiClient client, IOptions<WeChatOptions> wechat, CancellationToken ct)
    {
        var check = await catalog.LoadAsync(ct);
        JsonElement? live = null;
        string? liveError = null;
        if (wechat.Value.UsesApi)
        {
            var current = await client.GetMenuAsync(ct);
            if (current.Ok)
            {
                live = current.Body;
            }
            else
            {
                liveError = current.ErrCode == 46003 ? "公众号尚未设置菜单" : $"查询失败：{current.ErrCode} {current.ErrMsg}";
            }
        }
        else
        {
            liveError = "未配置公众号接口（WeChat:AppSecret），无法查询已发布的菜单";
        }

        return TypedResults.Ok(new MenuView(catalog.Path, check.Problems, check.Menus is { } menus ? catalog.Describe(menus).ToList() : [],
            await publishing.LastAsync(ct), live, liveError));
    }

    /// <summary>The menu file and its problems, a line per button, the last publish, and WeChat's own answer as it gave it.</summary>
    internal sealed record MenuView(string File, IReadOnlyList<string> Problems, IReadOnlyList<string> Description, PublishRecord? LastPublish, JsonElement? Live, string? LiveError);
}
