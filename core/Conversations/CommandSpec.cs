namespace BranchBot.Core.Conversations;

/// <summary>How a member starts a feature: a keyword (and aliases) typed in chat, or a menu CLICK key.</summary>
/// <param name="Keyword">The main keyword, shown in help.</param>
/// <param name="Help">One short line for the help text; null hides the command from help.</param>
/// <param name="Aliases">Other words that mean the same, matched case-insensitively.</param>
/// <param name="MenuKey">The custom-menu CLICK key mapped to this command, if any.</param>
public sealed record CommandSpec(string Keyword, string? Help, IReadOnlyList<string>? Aliases = null, string? MenuKey = null)
{
    public bool Matches(string word) =>
        string.Equals(word, Keyword, StringComparison.OrdinalIgnoreCase) ||
        (Aliases?.Any(alias => string.Equals(word, alias, StringComparison.OrdinalIgnoreCase)) ?? false);
}

/// <summary>A matched command: which one, and the rest of the text after the keyword.</summary>
public sealed record CommandInvocation(CommandSpec Spec, string Arguments);
