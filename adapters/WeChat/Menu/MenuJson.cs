using System.Text.Json.Nodes;

namespace BranchBot.Adapters.WeChat.Menu;

/// <summary>Writes menus in the form of menu/create and menu/addconditional.</summary>
public static class MenuJson
{
    public static JsonObject Menu(IReadOnlyList<MenuButton> buttons, long? tagId = null)
    {
        var menu = new JsonObject { ["button"] = new JsonArray(buttons.Select(b => (JsonNode?)Button(b)).ToArray()) };
        if (tagId is { } id)
        {
            // WeChat's examples write the tag id as a string.
            menu["matchrule"] = new JsonObject { ["tag_id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        return menu;
    }

    private static JsonObject Button(MenuButton button)
    {
        var node = new JsonObject { ["name"] = button.Name };
        if (button.SubButtons.Count > 0)
        {
            node["sub_button"] = new JsonArray(button.SubButtons.Select(b => (JsonNode?)Button(b)).ToArray());
            return node;
        }

        node["type"] = button.Type;
        if (button.Type == "view")
        {
            node["url"] = button.Url;
        }
        else
        {
            node["key"] = button.Key;
        }

        return node;
    }
}
