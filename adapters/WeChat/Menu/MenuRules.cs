using System.Globalization;
using System.Text;

namespace BranchBot.Adapters.WeChat.Menu;

/// <summary>
/// WeChat's limits on a custom menu, checked before anything is sent: 1–3 top-level buttons with at most 5
/// sub-buttons each; names up to 4 Chinese characters at the top and 7 below (two Latin letters count as one
/// character; WeChat cuts longer names with "…") and at most 16 / 60 bytes; keys up to 128 bytes; view links http(s).
/// Only button types this bot answers are allowed.
/// </summary>
public static class MenuRules
{
    public const int MaxTop = 3;
    public const int MaxSub = 5;
    public const int MaxTopWidth = 8;
    public const int MaxSubWidth = 14;
    public const int MaxTopBytes = 16;
    public const int MaxSubBytes = 60;
    public const int MaxKeyBytes = 128;
    public const int MaxUrlBytes = 1024;

    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "click", "view", "scancode_waitmsg", "scancode_push", "pic_sysphoto", "pic_photo_or_album", "pic_weixin",
    };

    /// <summary>Every problem of the set, in Chinese for the operator; empty when it may be published.</summary>
    /// <param name="handles">Whether a (type, key) leads to a feature; null skips that check.</param>
    public static IReadOnlyList<string> Check(MenuSet menus, Func<string, string, bool>? handles = null)
    {
        var problems = new List<string>();
        Check("默认菜单", menus.Default, handles, problems);
        foreach (var group in menus.Conditional.GroupBy(m => m.Role, StringComparer.Ordinal))
        {
            if (!MenuSet.Roles.Contains(group.Key))
            {
                problems.Add($"个性化菜单的 role「{group.Key}」无效，应为 {string.Join(" 或 ", MenuSet.Roles)}");
            }
            else if (!menus.Tags.TryGetValue(group.Key, out var tag) || tag.Trim().Length == 0)
            {
                problems.Add($"个性化菜单 {group.Key} 没有在 tags 中写明微信标签名");
            }

            if (group.Count() > 1)
            {
                problems.Add($"{group.Key} 只能有一个个性化菜单");
            }

            Check($"个性化菜单（{group.Key}）", group.First().Buttons, handles, problems);
        }

        foreach (var (role, tag) in menus.Tags)
        {
            if (!MenuSet.Roles.Contains(role))
            {
                problems.Add($"tags 中的「{role}」无效，应为 {string.Join(" 或 ", MenuSet.Roles)}");
            }

            if (tag.Trim().Length == 0 || Encoding.UTF8.GetByteCount(tag) > 30)
            {
                problems.Add($"标签名「{tag}」应为 1–30 个字节");
            }
        }

        return problems;
    }

    /// <summary>How wide a name shows: a Chinese (or other wide) character counts 2, anything else 1.</summary>
    public static int Width(string name)
    {
        var width = 0;
        var elements = StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            width += element.Length == 1 && element[0] < 0x2E80 ? 1 : 2;
        }

        return width;
    }

    private static void Check(string menu, IReadOnlyList<MenuButton> buttons, Func<string, string, bool>? handles, List<string> problems)
    {
        if (buttons.Count is 0 or > MaxTop)
        {
            problems.Add($"{menu}：一级菜单应为 1–{MaxTop} 个，现有 {buttons.Count} 个");
        }

        foreach (var top in buttons)
        {
            CheckName(menu, top.Name, MaxTopWidth, MaxTopBytes, "一级菜单", 4, problems);
            if (top.SubButtons.Count == 0)
            {
                CheckLeaf(menu, top, handles, problems);
                continue;
            }

            if (top.SubButtons.Count > MaxSub)
            {
                problems.Add($"{menu}：「{top.Name}」的二级菜单最多 {MaxSub} 个，现有 {top.SubButtons.Count} 个");
            }

            if (top.Type is not null)
            {
                problems.Add($"{menu}：「{top.Name}」有二级菜单，本身不能再写 type");
            }

            foreach (var sub in top.SubButtons)
            {
                CheckName(menu, sub.Name, MaxSubWidth, MaxSubBytes, "二级菜单", 7, problems);
                if (sub.SubButtons.Count > 0)
                {
                    problems.Add($"{menu}：「{sub.Name}」是二级菜单，不能再有下级");
                }

                CheckLeaf(menu, sub, handles, problems);
            }
        }
    }

    private static void CheckName(string menu, string name, int maxWidth, int maxBytes, string level, int chinese, List<string> problems)
    {
        if (name.Trim().Length == 0)
        {
            problems.Add($"{menu}：有{level}没有名称");
        }
        else if (Width(name) > maxWidth || Encoding.UTF8.GetByteCount(name) > maxBytes)
        {
            problems.Add($"{menu}：{level}「{name}」太长，最多 {chinese} 个汉字（微信会截断为「…」）");
        }
    }

    private static void CheckLeaf(string menu, MenuButton button, Func<string, string, bool>? handles, List<string> problems)
    {
        if (button.Type is not { } type || !Types.Contains(type))
        {
            problems.Add($"{menu}：「{button.Name}」的 type「{button.Type}」不受支持，可用：{string.Join("、", Types)}");
            return;
        }

        if (type == "view")
        {
            if (button.Url is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || Encoding.UTF8.GetByteCount(url) > MaxUrlBytes)
            {
                problems.Add($"{menu}：「{button.Name}」是链接菜单，url 应为 http(s) 地址（最多 {MaxUrlBytes} 字节）");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(button.Key) || Encoding.UTF8.GetByteCount(button.Key) > MaxKeyBytes)
        {
            problems.Add($"{menu}：「{button.Name}」的 key 应为 1–{MaxKeyBytes} 字节");
        }
        else if (handles is not null && !handles(type, button.Key))
        {
            problems.Add($"{menu}：「{button.Name}」的 key「{button.Key}」（{type}）没有对应的功能");
        }
    }
}
