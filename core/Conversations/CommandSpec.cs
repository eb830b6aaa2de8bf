namespace BranchBot.Core.Conversations;

/// <summary>Who may use a command. Checked by the router, in the core, whatever the transport.</summary>
public enum CommandAccess
{
    /// <summary>Anyone, bound or not (帮助, 绑定).</summary>
    Anyone,
    /// <summary>A member bound to the roster.</summary>
    Member,
    /// <summary>A 党小组长 or above (the command itself limits what a 党小组长 may do).</summary>
    GroupLeader,
    /// <summary>A branch secretary (or organiser) or an admin.</summary>
    Secretary,
    /// <summary>An organisation admin.</summary>
    Admin,
}

/// <summary>How a member starts a feature: a keyword (and aliases) typed in chat, or a menu CLICK key.</summary>
/// <param name="Keyword">The main keyword, shown in help.</param>
/// <param name="Help">One short line for the help text; null hides the command from help.</param>
/// <param name="Aliases">Other words that mean the same, matched case-insensitively.</param>
/// <param name="MenuKey">The custom-menu CLICK key mapped to this command, if any.</param>
/// <param name="Access">Who may use it.</param>
public sealed record CommandSpec(string Keyword, string? Help, IReadOnlyList<string>? Aliases = null, string? MenuKey = null, CommandAccess Access = CommandAccess.Member)
{
    /// <summary>Whether <paramref name="member"/> (null when unbound) may use this command.</summary>
    public bool Allows(Members.MemberProfile? member) => Access switch
    {
        CommandAccess.Anyone => true,
        CommandAccess.Member => member is not null,
        CommandAccess.GroupLeader => member is { Role: >= Members.MemberRole.GroupLeader },
        CommandAccess.Secretary => member is { Role: >= Members.MemberRole.Secretary },
        _ => member is { Role: Members.MemberRole.Admin },
    };

    public bool Matches(string word) =>
        string.Equals(word, Keyword, StringComparison.OrdinalIgnoreCase) ||
        (Aliases?.Any(alias => string.Equals(word, alias, StringComparison.OrdinalIgnoreCase)) ?? false);
}

/// <summary>A matched command: which one, and the rest of the text after the keyword.</summary>
public sealed record CommandInvocation(CommandSpec Spec, string Arguments);
