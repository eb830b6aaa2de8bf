using BranchBot.Core.Conversations;
using BranchBot.Core.Members;

namespace BranchBot.Core.Inbox;

/// <summary>
/// Port for the message path's state: the de-duplication record of each push and the member's session.
/// Two calls per message (claim, commit), each one store round trip, so the path stays fast.
/// </summary>
public interface IConversationStore
{
    /// <summary>
    /// Claims <paramref name="inboxKey"/> for processing and, when claimed, reads the session and the sender's member
    /// profile in the same trip.
    /// A push already claimed is reported as completed (with its reply body) or in progress (and marked as retried).
    /// </summary>
    Task<InboxClaim> ClaimAsync(string inboxKey, string openId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the session (only if its version still matches, when it changed), refreshes its sliding expiry,
    /// and marks the push completed with <paramref name="replyBody"/> — all or nothing. If a retry was answered
    /// meanwhile, <paramref name="deferredBody"/> is stored instead: the reply then goes out by customer-service
    /// message, and a later retry must not deliver it a second time.
    /// </summary>
    Task<CommitOutcome> CommitAsync(string inboxKey, string openId, SessionUpdate update, string replyBody, string deferredBody, CancellationToken cancellationToken);

    /// <summary>Reads the member's session again after a version conflict.</summary>
    Task<SessionSnapshot> LoadSessionAsync(string openId, CancellationToken cancellationToken);

    /// <summary>Releases a claim whose processing failed, so WeChat's retry can process the push again.</summary>
    Task AbandonAsync(string inboxKey, string openId, CancellationToken cancellationToken);
}

public abstract record InboxClaim
{
    /// <summary>This caller owns the push; here is the session and the roster member bound to the sender (if any).</summary>
    public sealed record Claimed(SessionSnapshot Session, MemberProfile? Member) : InboxClaim;

    /// <summary>The push was handled before; answer with the same bytes.</summary>
    public sealed record Completed(string ReplyBody) : InboxClaim;

    /// <summary>Another request is handling the push right now.</summary>
    public sealed record InProgress : InboxClaim;
}

/// <summary>The session to save: <paramref name="Session"/> null means unchanged (no version check needed).</summary>
public sealed record SessionUpdate(long ExpectedVersion, Session? Session);

public abstract record CommitOutcome
{
    /// <summary>Saved. <paramref name="RetriedMeanwhile"/>: a retry of this push was answered <c>success</c> while it ran.</summary>
    public sealed record Committed(bool RetriedMeanwhile) : CommitOutcome;

    /// <summary>Another message of the same member saved the session first; nothing was written.</summary>
    public sealed record Conflict : CommitOutcome;
}
