using BranchBot.Core.Members;
using BranchBot.Core.Messaging;
using BranchBot.Core.Telemetry;

namespace BranchBot.Core.Conversations;

/// <summary>
/// Decides who handles a message: the active flow first, then a command keyword or menu key (if the member's role
/// allows it), then event observers and fallbacks, then a short polite default. Features plug in without touching it.
/// </summary>
public sealed class ConversationRouter
{
    /// <summary>The CLICK key of a custom-menu button that shows the help text.</summary>
    public const string HelpMenuKey = "HELP";

    private static readonly string[] ExitWords = ["退出", "取消", "exit", "quit"];
    private static readonly string[] HelpWords = ["帮助", "help", "?", "？", "菜单"];

    private readonly IReadOnlyList<IConversationFeature> _features;
    private readonly IReadOnlyList<IEventObserver> _observers;
    private readonly IReadOnlyList<IFallbackHandler> _fallbacks;
    private readonly ScanResults? _scans;
    private readonly IMemberLifecycleStore? _formerMembers;

    /// <param name="scans">Reads what a menu scanner pushed; without it only scenes written as text are recognised.</param>
    public ConversationRouter(IEnumerable<IConversationFeature> features, IEnumerable<IEventObserver> observers, IEnumerable<IFallbackHandler>? fallbacks = null, ScanResults? scans = null,
        IMemberLifecycleStore? formerMembers = null)
    {
        _formerMembers = formerMembers;
        _features = features.ToArray();
        _observers = observers.ToArray();
        _fallbacks = fallbacks?.ToArray() ?? [];
        _scans = scans;
        var duplicate = _features.SelectMany(f => f.Commands.SelectMany(c => (c.Aliases ?? []).Prepend(c.Keyword)))
            .Concat(HelpWords).Concat(ExitWords)
            .GroupBy(word => word, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Command keyword '{duplicate.Key}' is claimed by more than one feature.");
        }
    }

    public async ValueTask<TurnResult> RouteAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Message is IncomingEvent)
        {
            return await RouteEventAsync(turn, cancellationToken);
        }

        if (turn.Member is null && _formerMembers is not null && turn.Text?.StartsWith("绑定", StringComparison.Ordinal) != true
            && await _formerMembers.IsFormerMemberAsync(turn.OpenId, cancellationToken))
        {
            // Their binding ended when they left the roll: say so instead of inviting them to bind. 绑定 still goes
            // through (a code the secretary issued for someone on the roll works; a former member's own is refused).
            return new TurnResult(Reply.Text(RouterTexts.FormerMember), turn.Session);
        }

        var text = turn.Text;
        if (text is not null && ExitWords.Any(w => string.Equals(text, w, StringComparison.OrdinalIgnoreCase)))
        {
            return Exit(turn);
        }

        if (text is not null && HelpWords.Any(w => string.Equals(text, w, StringComparison.OrdinalIgnoreCase)))
        {
            return new TurnResult(Reply.Text(HelpText(turn.Member)), turn.Session);
        }

        // A flow gets the message first, unless it is exactly a command word: 「积分」 in the middle of a quiz means the command,
        // even where a fill-in question would take any text as an answer.
        var active = ActiveFeature(turn.Session);
        var exactCommand = text is not null && Match(text) is { Invocation.Arguments.Length: 0 };
        Reply? hint = null;
        if (active is not null && !exactCommand)
        {
            var result = await active.ContinueAsync(turn, cancellationToken);
            if (!result.IsDeclined)
            {
                return result;
            }

            hint = result.Reply is TextReply ? result.Reply : null;
        }

        if (text is not null && Match(text) is { } match)
        {
            return await StartAsync(turn, match.Feature, match.Invocation, cancellationToken);
        }

        if (hint is not null)
        {
            return new TurnResult(hint, turn.Session);
        }

        foreach (var fallback in _fallbacks)
        {
            if (await fallback.OnUnmatchedAsync(turn, cancellationToken) is { } handled)
            {
                return handled;
            }
        }

        return turn.Message switch
        {
            TextMessage or VoiceMessage { Recognition.Length: > 0 } => new TurnResult(Reply.Text(RouterTexts.NotUnderstood), turn.Session),
            _ => new TurnResult(Reply.Text(RouterTexts.TextOnly), turn.Session),
        };
    }

    /// <summary>
    /// Whether a menu button's key leads somewhere: a <c>click</c> key to a command (or help), a scanner or photo
    /// button's key to an observer that declares it (<see cref="IMenuButtonHandler"/>).
    /// </summary>
    public bool HandlesMenuKey(string buttonType, string key) => buttonType switch
    {
        "click" => key == HelpMenuKey || MatchMenu(key) is not null,
        _ => _observers.Concat<object>(_fallbacks).OfType<IMenuButtonHandler>().Any(h => h.MenuButtons.Contains((buttonType, key))),
    };

    /// <summary>The command a <c>click</c> key starts, for the menu's documentation and checks; null if none.</summary>
    public CommandSpec? CommandOfMenuKey(string key) => MatchMenu(key)?.Invocation.Spec;

    /// <summary>The list of what this member can do, built from the features' commands and their access.</summary>
    public string HelpText(MemberProfile? member)
    {
        var lines = _features.SelectMany(f => f.Commands)
            .Where(c => c.Help is not null && c.Allows(member))
            .Select(c => $"· {c.Keyword} — {c.Help}")
            .Append(RouterTexts.HelpLine);
        var footer = member is null && _features.Any(f => f.Commands.Any(c => c.Access != CommandAccess.Anyone))
            ? RouterTexts.BindFirstFooter
            : RouterTexts.HelpFooter;
        return RouterTexts.HelpHeader + "\n" + string.Join("\n", lines) + "\n" + footer;
    }

    private async ValueTask<TurnResult> StartAsync(Turn turn, IConversationFeature feature, CommandInvocation invocation, CancellationToken cancellationToken)
    {
        if (!invocation.Spec.Allows(turn.Member))
        {
            var refusal = turn.Member is null ? RouterTexts.BindFirst : invocation.Spec.Access switch
            {
                CommandAccess.GroupLeader => RouterTexts.NotAllowedBelowGroupLeader,
                CommandAccess.Admin => RouterTexts.NotAllowedBelowAdmin,
                _ => RouterTexts.NotAllowed,
            };
            return new TurnResult(Reply.Text(refusal), turn.Session);
        }

        using var activity = BotMetrics.Tracing.StartActivity("feature " + feature.Name);
        activity?.SetTag("branchbot.command", invocation.Spec.Keyword);
        return await feature.StartAsync(turn, invocation, cancellationToken);
    }

    private async ValueTask<TurnResult> RouteEventAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Message is MenuClickEvent { Key: HelpMenuKey })
        {
            return new TurnResult(Reply.Text(HelpText(turn.Member)), turn.Session);
        }

        if (turn.Message is MenuClickEvent click && MatchMenu(click.Key) is { } menu)
        {
            return await StartAsync(turn, menu.Feature, menu.Invocation, cancellationToken);
        }

        if (turn.Message is MenuScanEvent scan)
        {
            // A code scanned from the menu does what the same code does when WeChat's own scanner reads it.
            var scene = _scans is null ? ScanResults.SceneInText(scan.Result) : await _scans.SceneOfAsync(scan.Result, cancellationToken);
            if (scene is null)
            {
                return new TurnResult(Reply.Text(RouterTexts.UnknownScan), turn.Session);
            }

            turn = turn with { Message = new ScanEvent(scan.Header, scan.Name, scene, null) };
        }

        foreach (var observer in _observers)
        {
            if (await observer.OnEventAsync(turn, cancellationToken) is { } handled)
            {
                return handled;
            }
        }

        return turn.Message switch
        {
            SubscribeEvent => new TurnResult(Reply.Text(RouterTexts.Welcome + "\n" + HelpText(turn.Member)), turn.Session),
            ScanEvent => new TurnResult(Reply.Text(RouterTexts.UnknownQr), turn.Session),
            MenuClickEvent => new TurnResult(Reply.Text(RouterTexts.UnknownMenu), turn.Session),
            _ => new TurnResult(Reply.None, turn.Session),
        };
    }

    private TurnResult Exit(Turn turn)
    {
        if (ActiveFeature(turn.Session) is null)
        {
            return new TurnResult(Reply.Text(RouterTexts.NothingToExit), turn.Session);
        }

        return new TurnResult(Reply.Text(RouterTexts.Exited), turn.Session.End());
    }

    private IConversationFeature? ActiveFeature(Session session) =>
        session.Flow is null ? null : _features.FirstOrDefault(f => f.Name == session.Flow);

    private (IConversationFeature Feature, CommandInvocation Invocation)? Match(string text)
    {
        var split = text.IndexOfAny([' ', '\u3000', '\t', '\n']);
        var word = split < 0 ? text : text[..split];
        var rest = split < 0 ? string.Empty : text[(split + 1)..].Trim();
        foreach (var feature in _features)
        {
            foreach (var command in feature.Commands)
            {
                if (command.Matches(word))
                {
                    return (feature, new CommandInvocation(command, rest));
                }
            }
        }

        return null;
    }

    private (IConversationFeature Feature, CommandInvocation Invocation)? MatchMenu(string key)
    {
        foreach (var feature in _features)
        {
            foreach (var command in feature.Commands)
            {
                if (command.MenuKey is not null && string.Equals(command.MenuKey, key, StringComparison.Ordinal))
                {
                    return (feature, new CommandInvocation(command, string.Empty));
                }
            }
        }

        return null;
    }
}
