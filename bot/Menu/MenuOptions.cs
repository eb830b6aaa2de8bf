using System.ComponentModel.DataAnnotations;

namespace BranchBot.Bot.Menu;

/// <summary>The account's custom menu and the tags that pick the secretaries' menu. Section <c>Menu</c>.</summary>
internal sealed class MenuOptions
{
    public const string Section = "Menu";

    /// <summary>The menu file (relative to the bot's folder unless rooted); see docs/menu.md.</summary>
    [Required]
    public string File { get; set; } = "Menu/menus.json";

    /// <summary>How often the tag sync compares roles and bindings with the tags it applied (when the WeChat API is configured).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan TagSyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Keeps the secretary and admin tags in step with the roster (only with the WeChat API configured).</summary>
    public bool RunTagSync { get; set; } = true;

    public string FullPath => Path.IsPathRooted(File) ? File : Path.Combine(AppContext.BaseDirectory, File);
}
