using BranchBot.Core.Messaging;

namespace BranchBot.Core.Conversations;

/// <summary>
/// Decides who handles a message: the active flow first, then a command keyword or menu key,
/// then event observers, then a short polite default. Features plug in without touching it.
/// </summary>
public sealed class ConversationRouter
{
    private static readonly string[] ExitWords = ["退出", "取消", "exit", "quit"];
    private static readonly string[] HelpWords = ["帮助", "help", "?", "？", "菜单"];

    /// <summary>The CLICK key of a custom-menu button that shows the help text.</summary>
    public const string HelpMenuKey = "HELP";

    private readonly IReadOnlyList<IConversationFeature> _features;
    private readonly IReadOnlyList<IEventObserver> _observers;

    public ConversationRouter(IEnumerable<IConversationFeature> features, IEnumerable<IEventObserver> observers)
    {
        _features = features.ToArray();
        _observers = observers.ToArray();
        var duplicate = _features.SelectMany(f => f.Commands.SelectMany(c => (c.Aliases ?? []).Prepend(c.Keyword)))
            .Concat(HelpWords).Concat(ExitWords)
            .GroupBy(word => word, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Command keyword '{duplicate.Key}' is claimed by more than one feature.");
        }
    }

    public IReadOnlyList<IConversationFeature> Features => _features;

    public async ValueTask<TurnResult> RouteAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Message is IncomingEvent)
        {
            return await RouteEventAsync(turn, cancellationToken);
        }

        var text = turn.Text;
        if (text is not null && ExitWords.Any(w => string.Equals(text, w, StringComparison.OrdinalIgnoreCase)))
        {
            return Exit(turn);
        }

        if (text is not null && HelpWords.Any(w => string.Equals(text, w, StringComparison.OrdinalIgnoreCase)))
        {
            return new TurnResult(Reply.Text(HelpText()), turn.Session);
        }

        var active = ActiveFeature(turn.Session);
        if (active is not null)
        {
            var result = await active.ContinueAsync(turn, cancellationToken);
            if (!result.IsDeclined)
            {
                return result;
            }
        }

        if (text is not null && Match(text) is { } match)
        {
            return await match.Feature.StartAsync(turn, match.Invocation, cancellationToken);
        }

        return turn.Message switch
        {
            TextMessage or VoiceMessage { Recognition.Length: > 0 } => new TurnResult(Reply.Text(RouterTexts.NotUnderstood), turn.Session),
            _ => new TurnResult(Reply.Text(RouterTexts.TextOnly), turn.Session),
        };
    }

    private async ValueTask<TurnResult> RouteEventAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Message is MenuClickEvent { Key: HelpMenuKey })
        {
            return new TurnResult(Reply.Text(HelpText()), turn.Session);
        }

        if (turn.Message is MenuClickEvent click && MatchMenu(click.Key) is { } menu)
        {
            return await menu.Feature.StartAsync(turn, menu.Invocation, cancellationToken);
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
            SubscribeEvent => new TurnResult(Reply.Text(RouterTexts.Welcome + "\n" + HelpText()), turn.Session),
            ScanEvent => new TurnResult(Reply.Text(RouterTexts.UnknownQr), turn.Session),
            MenuClickEvent => new TurnResult(Reply.Text(RouterTexts.UnknownMenu), turn.Session),
            _ => new TurnResult(Reply.None, turn.Session),
        };
    }

    /// <summary>The list of what the bot can do, built from the features' commands.</summary>
    public string HelpText()
    {
        var lines = _features.SelectMany(f => f.Commands)
            .Where(c => c.Help is not null)
            .Select(c => $"· {c.Keyword} — {c.Help}")
            .Append(RouterTexts.HelpLine);
        return RouterTexts.HelpHeader + "\n" + string.Join("\n", lines) + "\n" + RouterTexts.HelpFooter;
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
