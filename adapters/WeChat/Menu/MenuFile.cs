using System.Text.Json;

namespace BranchBot.Adapters.WeChat.Menu;

/// <summary>
/// Reads the menu file: <c>{"tags":{"secretary":"支部书记"},"default":{"button":[…]},"conditional":[{"role":"secretary","button":[…]}]}</c>,
/// buttons in WeChat's own form (<c>type</c>, <c>name</c>, <c>key</c>, <c>url</c>, <c>sub_button</c>). A file that
/// cannot be read is reported, never thrown; the limits are checked by <see cref="MenuRules"/>.
/// </summary>
public static class MenuFile
{
    public static MenuSet? Parse(ReadOnlySpan<byte> json, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("default", out var main) || main.ValueKind != JsonValueKind.Object)
            {
                error = "菜单文件应为 JSON 对象，且含有 default（默认菜单）";
                return null;
            }

            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("tags", out var tagNames) && tagNames.ValueKind == JsonValueKind.Object)
            {
                foreach (var tag in tagNames.EnumerateObject())
                {
                    tags[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString()! : throw new FormatException($"tags.{tag.Name} 应为文字");
                }
            }

            var conditional = new List<ConditionalMenu>();
            if (root.TryGetProperty("conditional", out var menus))
            {
                if (menus.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException("conditional 应为数组");
                }

                foreach (var menu in menus.EnumerateArray())
                {
                    var role = Text(menu, "role") ?? throw new FormatException("conditional 的每一项都要写 role（secretary 或 admin）");
                    conditional.Add(new ConditionalMenu(role, Buttons(menu, "button")));
                }
            }

            error = null;
            return new MenuSet(Buttons(main, "button"), conditional, tags);
        }
        catch (JsonException e)
        {
            error = $"菜单文件不是有效的 JSON（第 {e.LineNumber + 1} 行）：{e.Message}";
            return null;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static List<MenuButton> Buttons(JsonElement parent, string property)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(property, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"缺少 {property} 数组");
        }

        return list.EnumerateArray().Select(button => new MenuButton(
            Text(button, "name") ?? string.Empty,
            Text(button, "type"),
            Text(button, "key"),
            Text(button, "url"),
            button.ValueKind == JsonValueKind.Object && button.TryGetProperty("sub_button", out _) ? Buttons(button, "sub_button") : [])).ToList();
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException($"{property} 应为文字")
            : null;
}
