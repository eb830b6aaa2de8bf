using BranchBot.Core.Conversations;
using BranchBot.Core.Inbox;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IConversationStore
{
    // Twin of the Claim script in RedisStore.Conversations.cs.
    public Task<InboxClaim> ClaimAsync(string inboxKey, string openId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = InboxEntryKey(inboxKey, openId);
            if (Read<InboxRecord>(key) is { } record)
            {
                if (record.Body is not null)
                {
                    return Task.FromResult<InboxClaim>(new InboxClaim.Completed(record.Body));
                }

                record.Retried = true;
                return Task.FromResult<InboxClaim>(new InboxClaim.InProgress());
            }

            Write(key, new InboxRecord(), Options.DedupTtl);
            return Task.FromResult<InboxClaim>(new InboxClaim.Claimed(ReadSession(openId), ProfileOf(openId)));
        }
    }

    // Twin of the Commit script in RedisStore.Conversations.cs.
    public Task<CommitOutcome> CommitAsync(string inboxKey, string openId, SessionUpdate update, string replyBody, string deferredBody, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var sessionKey = SessionKey(openId);
            if (update.Session is { } session)
            {
                var current = Read<StoredSession>(sessionKey);
                if ((current?.Version ?? 0) != update.ExpectedVersion)
                {
                    return Task.FromResult<CommitOutcome>(new CommitOutcome.Conflict());
                }

                Write(sessionKey, new StoredSession(SessionCodec.Encode(session), update.ExpectedVersion + 1), Options.SessionTtl);
            }
            else
            {
                Touch(sessionKey, Options.SessionTtl);
            }

            var key = InboxEntryKey(inboxKey, openId);
            var record = Read<InboxRecord>(key) ?? new InboxRecord();
            record.Body = record.Retried ? deferredBody : replyBody;
            Write(key, record, Options.DedupTtl);
            return Task.FromResult<CommitOutcome>(new CommitOutcome.Committed(record.Retried));
        }
    }

    public Task<SessionSnapshot> LoadSessionAsync(string openId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(ReadSession(openId));
        }
    }

    // Twin of the Abandon script in RedisStore.Conversations.cs.
    public Task AbandonAsync(string inboxKey, string openId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = InboxEntryKey(inboxKey, openId);
            if (Read<InboxRecord>(key) is { Body: null })
            {
                _entries.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    private SessionSnapshot ReadSession(string openId) =>
        Read<StoredSession>(SessionKey(openId)) is { } stored
            ? new SessionSnapshot(SessionCodec.Decode(stored.Json), stored.Version)
            : SessionSnapshot.New;

    private static string SessionKey(string openId) => "session:" + openId;

    private static string InboxEntryKey(string inboxKey, string openId) => "inbox:" + openId + ":" + inboxKey;

    private sealed class InboxRecord
    {
        public string? Body { get; set; }

        public bool Retried { get; set; }
    }

    private sealed record StoredSession(string Json, long Version);
}
