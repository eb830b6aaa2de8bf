using BranchBot.Adapters.WeChat.Menu;
using BranchBot.Core.Conversations;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Menu;

/// <summary>
/// The menu file, read and checked against WeChat's limits and against what this bot answers: every button's key
/// must reach a feature through the same registration that routes commands (<see cref="ConversationRouter"/>).
/// </summary>
internal sealed class MenuCatalog(IOptions<MenuOptions> options, ConversationRouter router)
{
    public string Path => options.Value.FullPath;

    public async Task<MenuCheck> LoadAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(Path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new MenuCheck(null, [$"无法读取菜单文件 {Path}：{e.Message}"]);
        }

        return Check(bytes);
    }

    public MenuCheck Check(ReadOnlySpan<byte> json)
    {
        if (MenuFile.Parse(json, out var error) is not { } menus)
        {
            return new MenuCheck(null, [error!]);
        }

        return new MenuCheck(menus, MenuRules.Check(menus, router.HandlesMenuKey));
    }

    /// <summary>The menus as text for the operator: each button with its type, key and the command it starts.</summary>
    public IEnumerable<string> Describe(MenuSet menus)
    {
        yield return "默认菜单（全体关注者）：";
        foreach (var line in Describe(menus.Default))
        {
            yield return line;
        }

        foreach (var menu in menus.Conditional)
        {
            yield return $"个性化菜单（{menu.Role}，微信标签「{menus.Tags.GetValueOrDefault(menu.Role)}」）：";
            foreach (var line in Describe(menu.Buttons))
            {
                yield return line;
            }
        }
    }

    private IEnumerable<string> Describe(IReadOnlyList<MenuButton> buttons)
    {
        foreach (var top in buttons)
        {
            yield return top.SubButtons.Count == 0 ? "  " + Leaf(top) : "  " + top.Name;
            foreach (var sub in top.SubButtons)
            {
                yield return "    · " + Leaf(sub);
            }
        }
    }

    private string Leaf(MenuButton button) => button.Type switch
    {
        "view" => $"{button.Name} [view {button.Url}]",
        "click" when button.Key == ConversationRouter.HelpMenuKey => $"{button.Name} [click {button.Key} → 帮助]",
        "click" when router.CommandOfMenuKey(button.Key ?? string.Empty) is { } command => $"{button.Name} [click {button.Key} → {command.Keyword}]",
        _ => $"{button.Name} [{button.Type} {button.Key}]",
    };
}

/// <summary>The menus read from the file (null if unreadable) and every problem found; publishable when there is none.</summary>
internal sealed record MenuCheck(MenuSet? Menus, IReadOnlyList<string> Problems)
{
    public bool Ok => Menus is not null && Problems.Count == 0;
}
