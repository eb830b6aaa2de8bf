using System.Text.Json.Serialization;
using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;

namespace BranchBot.Tests.Infrastructure;

/// <summary><c>计数</c>: adds one to a counter in the session and says the new value (for lost-update tests).</summary>
public sealed class CounterFeature : IConversationFeature
{
    private static readonly FlowCodec<CounterState> Codec = new("counter", 1, TestFlowJson.Default.CounterState);

    public string Name => "counter";

    /// <summary>The count kept in <paramref name="session"/>, as text ("0" when none).</summary>
    public static string CountIn(Session session) => (Codec.Read(session)?.N ?? 0).ToString();

    public static Session WithCount(int count) => Codec.Write(new CounterState(count));

    public IReadOnlyList<CommandSpec> Commands { get; } = [new("计数", "数一数", Access: CommandAccess.Anyone)];

    public ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var next = (Codec.Read(turn.Session)?.N ?? 0) + 1;
        return ValueTask.FromResult(new TurnResult(Reply.Text("计数 " + next), Codec.Write(new CounterState(next))));
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);
}

/// <summary><c>时间</c>: answers without touching the session, like most commands (积分, 排行…).</summary>
public sealed class ClockFeature : IConversationFeature
{
    public string Name => "clock";

    public IReadOnlyList<CommandSpec> Commands { get; } = [new("时间", "报时", Access: CommandAccess.Anyone)];

    public ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new TurnResult(Reply.Text("现在是 " + turn.Now.ToString("O")), turn.Session));

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
    private static readonly FlowCodec<SurveyState> Codec = new("survey", 1, TestFlowJson.Default.SurveyState);

    public string Name => "survey";

    public IReadOnlyList<CommandSpec> Commands { get; } = [new("问卷", "填一份小问卷", MenuKey: "SURVEY", Access: CommandAccess.Anyone)];

    public ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new TurnResult(Reply.Text("请问您的名字？"), Codec.Write(new SurveyState("name"))));

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) =>
        ValueTask.FromResult(turn.Text is { } text
            ? new TurnResult(Reply.Text("记下了：" + text), turn.Session.End())
            : TurnResult.Declined);
}

public sealed record CounterState(int N);

public sealed record SurveyState(string Step);

[JsonSerializable(typeof(CounterState))]
[JsonSerializable(typeof(SurveyState))]
internal sealed partial class TestFlowJson : JsonSerializerContext;
