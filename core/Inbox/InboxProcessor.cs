using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;
using BranchBot.Core.Study;
using BranchBot.Core.Telemetry;

namespace BranchBot.Core.Inbox;

/// <summary>
/// Runs one inbound push exactly once: claim its de-duplication key, route it, and commit session and
/// reply together. A member's messages run one at a time in this process (striped locks), and the commit's
/// version check catches another instance saving first: the turn then runs again on the fresh session,
/// so concurrent pushes never lose an update.
/// </summary>
public sealed class InboxProcessor(
    IConversationStore store,
    IRankingStore rankings,
    ConversationRouter router,
    TimeProvider time,
    ConversationOptions options)
{
    private const int StripeCount = 4096;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, StripeCount).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <param name="render">Turns the reply into the exact HTTP body, stored so a retry gets the same bytes.</param>
    public async Task<InboxResult> ProcessAsync(IncomingMessage message, Func<Reply, string> render, CancellationToken cancellationToken)
    {
        var key = InboxKey.For(message);
        using var activity = BotMetrics.Tracing.StartActivity("inbox");
        activity?.SetTag("branchbot.push.key", key);
        var openId = message.Header.OpenId;
        var claim = await store.ClaimAsync(key, openId, cancellationToken);
        switch (claim)
        {
            case InboxClaim.Completed done:
                return new InboxResult.Duplicate(done.ReplyBody);
            case InboxClaim.InProgress:
                return new InboxResult.InProgress();
        }

        var (snapshot, member) = (InboxClaim.Claimed)claim;
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(openId) % StripeCount)];
        var waited = false;
        try
        {
            if (!stripe.Wait(0, CancellationToken.None))
            {
                await stripe.WaitAsync(cancellationToken);
                waited = true;
            }
        }
        catch
        {
            await store.AbandonAsync(key, openId, CancellationToken.None);
            throw;
        }

        try
        {
            if (waited)
            {
                // Another message of this member committed while we waited: start from its session.
                snapshot = await store.LoadSessionAsync(openId, cancellationToken);
            }

            for (var attempt = 1; ; attempt++)
            {
                var turn = new Turn(message, snapshot.Session, time.GetUtcNow(), member);
                var result = await router.RouteAsync(turn, cancellationToken);
                var changed = result.Session != snapshot.Session;
                if (attempt > options.MaxConflictRetries)
                {
                    // Pathological contention: answer without saving rather than spin.
                    result = new TurnResult(Reply.Text(InboxTexts.TooBusy), snapshot.Session);
                    changed = false;
                }

                var body = render(result.Reply);
                var update = new SessionUpdate(snapshot.Version, changed ? result.Session : null);
                // Ranking increments belong to points already awarded (once, by source id), so they apply even if the
                // save conflicts; sent together with the commit they share its round trip.
                var ranked = result.Rankings is { Count: > 0 } updates ? rankings.ApplyAsync(updates, cancellationToken) : Task.CompletedTask;
                var outcome = await store.CommitAsync(key, openId, update, body, render(Reply.None), cancellationToken);
                await ranked;
                if (outcome is CommitOutcome.Committed committed)
                {
                    return new InboxResult.Handled(result.Reply, body, committed.RetriedMeanwhile);
                }

                snapshot = await store.LoadSessionAsync(openId, cancellationToken);
            }
        }
        catch
        {
            await store.AbandonAsync(key, openId, CancellationToken.None);
            throw;
        }
        finally
        {
            stripe.Release();
        }
    }
}

public abstract record InboxResult
{
    /// <summary>
    /// Processed now. <paramref name="RetriedMeanwhile"/>: WeChat gave up on this request and a retry was answered
    /// <c>success</c>, so the reply must go out by customer-service message.
    /// </summary>
    public sealed record Handled(Reply Reply, string Body, bool RetriedMeanwhile) : InboxResult;

    /// <summary>A retry of a finished push: answer with the first reply's bytes.</summary>
    public sealed record Duplicate(string Body) : InboxResult;

    /// <summary>A retry of a push still being processed: answer <c>success</c>.</summary>
    public sealed record InProgress : InboxResult;
}

public static class InboxTexts
{
    public const string TooBusy = "当前消息较多，请您稍后再发送一次。";

    /// <summary>The answer while the store cannot be reached: nothing was changed, so the member's resend is safe.</summary>
    public const string StoreBusy = "系统繁忙，您的消息暂未处理，请一分钟后再发送一次。";
}
