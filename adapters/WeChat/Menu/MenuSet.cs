namespace BranchBot.Adapters.WeChat.Menu;

/// <summary>
/// One button of a custom menu: a top-level button either opens <paramref name="SubButtons"/> or is itself a leaf;
/// a leaf has a <paramref name="Type"/> (click, view, scancode_waitmsg, pic_photo_or_album…) and a
/// <paramref name="Key"/> (or, for view, a <paramref name="Url"/>).
/// </summary>
public sealed record MenuButton(string Name, string? Type, string? Key, string? Url, IReadOnlyList<MenuButton> SubButtons)
{
    public IEnumerable<MenuButton> Leaves => SubButtons.Count > 0 ? SubButtons : [this];
}

/// <summary>A menu shown to the members with one tag (a conditional menu); <paramref name="Role"/> names the tag in <see cref="MenuSet.Tags"/>.</summary>
public sealed record ConditionalMenu(string Role, IReadOnlyList<MenuButton> Buttons);

/// <summary>
/// The account's menus as the operator writes them: the default menu, the conditional menus by role, and the WeChat
/// tag name of each role (<c>secretary</c>: secretaries and admins; <c>admin</c>: admins).
/// </summary>
public sealed record MenuSet(IReadOnlyList<MenuButton> Default, IReadOnlyList<ConditionalMenu> Conditional, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The roles tags can be kept for, and who has them (see the tag sync).</summary>
    public static readonly IReadOnlyList<string> Roles = ["secretary", "admin"];
}
