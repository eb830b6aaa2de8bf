using BranchBot.Adapters.WeChat;
using BranchBot.Adapters.WeChat.Api;
using BranchBot.Bot.Admin;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Menu;

/// <summary>GET /api/menu (admins): the menu file as checked, the last publish, and the menus WeChat now holds.</summary>
internal static class MenuEndpoints
{
    public static RouteGroupBuilder MapMenuEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/menu", GetAsync);
        return api;
    }

    private static async Task<IResult> GetAsync(HttpContext http, MenuCatalog catalog, MenuPublishing publishing, WeChatApiClient client, IOptions<WeChatOptions> wechat, CancellationToken ct)
    {
        if (!http.Caller().IsAdmin)
        {
            return ApiErrors.Forbidden("仅管理员可以查看公众号菜单");
        }

        var check = await catalog.LoadAsync(ct);
        object? live = null;
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

        return Results.Json(new
        {
            file = catalog.Path,
            problems = check.Problems,
            description = check.Menus is { } menus ? catalog.Describe(menus).ToList() : [],
            lastPublish = await publishing.LastAsync(ct),
            live,
            liveError,
        }, ApiErrors.Json);
    }
}
