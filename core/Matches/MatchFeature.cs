using BranchBot.Core.Competitions;
using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;
using BranchBot.Core.Study;

namespace BranchBot.Core.Matches;

/// <summary>
/// 对战 (two players) and 四人赛 (four) without a host: the command queues the member with others of the organisation;
/// the worker (<see cref="MatchEngine"/>) pushes the same questions to all; plain replies are the answers.
/// <c>取消匹配</c> leaves the queue. Being in the queue or a match lives in the store, so any instance takes any message.
/// </summary>
public sealed class MatchFeature(IMatchStore store, MatchEngine engine, QuestionBankCache bank, MatchOptions options) : IConversationFeature
{
    public const string FlowName = "match";

    public string Name => FlowName;

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("对战", "双人对战：与一位党员同题比拼", ["双人对战"], "MATCH_DUEL"),
        new("四人赛", "四人赛：四位党员同题比拼", ["四人答题"], "MATCH_FOUR"),
        new("取消匹配", null, ["退出匹配"]),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var member = turn.Member!;
        if (command.Spec.Keyword == "取消匹配")
        {
            if (await store.LeaveQueueAsync(member.MemberId, cancellationToken))
            {
                return new TurnResult(Reply.Text(MatchTexts.Left), turn.Session.Flow == FlowName ? turn.Session.End() : turn.Session);
            }

            var where = await store.WhereAsync(member.MemberId, cancellationToken);
            return new TurnResult(Reply.Text(where?.MatchId is null ? MatchTexts.NotWaiting : MatchTexts.CannotCancel), turn.Session);
        }

        if (bank.Current.All.Count == 0)
        {
            return new TurnResult(Reply.Text(MatchTexts.EmptyBank), turn.Session);
        }

        var kind = command.Spec.Keyword == "对战" ? MatchKind.Duel : MatchKind.Four;
        var player = new MatchPlayer(member.MemberId, member.Name, member.BranchId, turn.OpenId);
        // The id is derived from this push, so a retried delivery or a re-run turn names the same match.
        var outcome = await store.EnqueueAsync(kind, player, "mt" + turn.StableId("match"), turn.Now, cancellationToken);
        var (text, state) = outcome.Status switch
        {
            QueueStatus.Waiting => (MatchTexts.Waiting(kind, outcome.Waiting, options.WaitSeconds), new MatchState(kind, null)),
            QueueStatus.WaitingElsewhere => (MatchTexts.WaitingElsewhere(outcome.Where.Queued!.Value, kind), new MatchState(outcome.Where.Queued!.Value, null)),
            // Waiting is 0 when the member was already playing before this message.
            _ => (outcome.Waiting == 0 ? MatchTexts.AlreadyPlaying : MatchTexts.Playing(options.SecondsPerQuestion), new MatchState(kind, outcome.Where.MatchId)),
        };
        return new TurnResult(Reply.Text(text), MatchState.Codec.Write(state));
    }

    public async ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Text is null || turn.Member is null)
        {
            return TurnResult.Declined;
        }

        if (MatchState.Codec.Read(turn.Session) is not { } state)
        {
            return FlowRestart.Reply("对战");
        }

        var session = turn.Session;
        if (state.MatchId is null)
        {
            var where = await store.WhereAsync(turn.Member.MemberId, cancellationToken);
            if (where is null)
            {
                return new TurnResult(Reply.Text(MatchTexts.NotWaiting), session.End());
            }

            if (where.MatchId is null)
            {
                return TurnResult.DeclineWith(MatchTexts.StillWaiting);
            }

            state = state with { MatchId = where.MatchId };
            session = MatchState.Codec.Write(state);
        }

        if (await engine.FindAsync(state.MatchId!, cancellationToken) is not { } match)
        {
            return new TurnResult(Reply.Text(MatchTexts.Over), session.End());
        }

        // One verdict per question of the match: the store knows which one is open and takes that one.
        var questions = match.QuestionIds.Select(bank.Current.Find).ToList();
        var verdicts = string.Concat(questions.Select(q => q is null ? 'u' : AnswerChecker.Check(q, turn.Text) switch
        {
            AnswerVerdict.Correct => '1',
            AnswerVerdict.Wrong => '0',
            _ => 'u',
        }));
        var answer = await store.AnswerMatchAsync(match.Id, turn.Member.MemberId, verdicts, turn.Now, engine.Timer, engine.Scoring, cancellationToken);
        if (answer.Status is MatchAnswerStatus.Accepted or MatchAnswerStatus.Duplicate && answer.Answered >= match.Players.Count)
        {
            await store.WakeMatchAsync(match.Id, turn.Now, cancellationToken);
        }

        var open = answer.Index >= 0 && answer.Index < questions.Count ? questions[answer.Index] : null;
        return answer.Status switch
        {
            MatchAnswerStatus.Accepted when open is not null => new TurnResult(Reply.Text(Answered(match, answer, open)), session),
            MatchAnswerStatus.Duplicate when open is not null => new TurnResult(Reply.Text(MatchTexts.Duplicate + Answered(match, answer, open)), session),
            MatchAnswerStatus.Unrecognised when open is not null => TurnResult.DeclineWith("未能识别您的答案。" + CompetitionReplies.Hint(open)),
            MatchAnswerStatus.Late => new TurnResult(Reply.Text(MatchTexts.Late), session),
            MatchAnswerStatus.Over or MatchAnswerStatus.NotPlayer => new TurnResult(Reply.Text(answer.Status == MatchAnswerStatus.Over ? MatchTexts.Over : MatchTexts.NotPlayer), session.End()),
            _ => new TurnResult(Reply.Text(MatchTexts.Closed), session),
        };
    }

    private static string Answered(Match match, MatchAnswer answer, Question question) =>
        MatchTexts.Answered(answer, question, answer.Answered >= match.Players.Count, answer.Index == match.QuestionIds.Count - 1);
}
