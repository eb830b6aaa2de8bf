using BranchBot.Core.Meetings;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IMakeUpStore
{
    private readonly Dictionary<(string Meeting, string Member), MakeUpTask> _makeUp = [];

    public Task OweAsync(string meetingId, IReadOnlyList<string> memberIds, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var member in memberIds)
            {
                _makeUp.TryAdd((meetingId, member), new MakeUpTask(meetingId, member, MakeUpState.Owed, deadline));
            }
        }

        return Task.CompletedTask;
    }

    // Twin: RedisStore.MakeUp.cs Advance script; held together by MakeUpStoreContractTests.
    public Task<MakeUpChange> AdvanceAsync(MakeUpTask next, MakeUpState from, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_makeUp.TryGetValue((next.MeetingId, next.MemberId), out var current))
            {
                return Task.FromResult(new MakeUpChange(false, null));
            }

            if (current.State != from)
            {
                return Task.FromResult(new MakeUpChange(false, current));
            }

            _makeUp[(next.MeetingId, next.MemberId)] = next;
            return Task.FromResult(new MakeUpChange(true, next));
        }
    }

    public Task<IReadOnlyList<MakeUpTask>> ListForMeetingAsync(string meetingId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<MakeUpTask>>(_makeUp.Values.Where(t => t.MeetingId == meetingId).OrderBy(t => t.MemberId, StringComparer.Ordinal).ToList());
        }
    }

    public Task<IReadOnlyList<MakeUpTask>> ListForMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<MakeUpTask>>(_makeUp.Values.Where(t => t.MemberId == memberId)
                .OrderBy(t => t.Deadline).ThenBy(t => t.MeetingId, StringComparer.Ordinal).ToList());
        }
    }
}
