using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;

namespace BranchBot.Tests.Infrastructure;

/// <summary><c>计数</c>: adds one to a counter in the session and says the new value (for lost-update tests).</summary>
public sealed class CounterFeature : IConversationFeature
{
    public string Name => "counter";

    public IReadOnlyList<CommandSpec> Commands { get; } = [new("计数", "数一数", Access: CommandAccess.Anyone)];

    public ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var next = int.Parse(turn.Session.Get("n") ?? "0") + 1;
        return ValueTask.FromResult(new TurnResult(Reply.Text("计数 " + next), turn.Session.With("n", next.ToString())));
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);
}

/// <summary><c>慢</c>: takes <see cref="Delay"/> before answering (for the reply-budget tests).</summary>
public sealed class SlowFeature(TimeSpan delay) : IConversationFeature
{
    public const string Answer = "慢慢来，这是回复";

    public TimeSpan Delay => delay;

    public string Name => "slow";

    public IReadOnlyList<CommandSpec> Commands { get; } = [new("慢", null, Access: CommandAccess.Anyone)];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        return new TurnResult(Reply.Text(Answer), turn.Session);
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);
}

/// <summary><c>问卷</c>: a two-step flow (asks a name, then confirms it) to exercise active flows.</summary>
public sealed class SurveyFeature : IConversationFeature
{
    public string Name => "survey";

    public IReadOnlyList<CommandSpec> Commands { get; } = [new("问卷", "填一份小问卷", MenuKey: "SURVEY", Access: CommandAccess.Anyone)];

    public ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new TurnResult(Reply.Text("请问您的名字？"), turn.Session.Begin(Name, "name")));

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) =>
        ValueTask.FromResult(turn.Text is { } text
            ? new TurnResult(Reply.Text("记下了：" + text), turn.Session.End())
            : TurnResult.Declined);
}
