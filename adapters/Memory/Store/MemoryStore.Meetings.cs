using BranchBot.Core.Meetings;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IMeetingStore
{
    private readonly Dictionary<string, Meeting> _meetings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, AttendanceRecord>> _attendance = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _closing = new(StringComparer.Ordinal);

    public Task SaveAsync(Meeting meeting, IReadOnlyList<string> attendeeIds, DateTimeOffset closeAt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _meetings[meeting.Id] = meeting;
            var old = _attendance.GetValueOrDefault(meeting.Id) ?? [];
            _attendance[meeting.Id] = attendeeIds.Distinct().ToDictionary(id => id, id => old.GetValueOrDefault(id) ?? new AttendanceRecord(meeting.Id, id, AttendanceStatus.Pending));
            _closing[meeting.Id] = closeAt;
        }

        return Task.CompletedTask;
    }

    public Task<Meeting?> GetMeetingAsync(string meetingId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_meetings.GetValueOrDefault(meetingId));
        }
    }

    public Task<IReadOnlyList<Meeting>> ListByBranchAsync(string branchId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Meeting>>(_meetings.Values.Where(m => m.BranchId == branchId && m.Start >= from && m.Start < to).OrderBy(m => m.Start).ToList());
        }
    }

    public Task<IReadOnlyList<Meeting>> ListForMemberAsync(string memberId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Meeting>>(_meetings.Values
                .Where(m => m.Start >= from && m.Start < to && _attendance[m.Id].ContainsKey(memberId))
                .OrderBy(m => m.Start).ToList());
        }
    }

    public Task<IReadOnlyList<AttendanceRecord>> GetAttendanceAsync(string meetingId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AttendanceRecord>>((_attendance.GetValueOrDefault(meetingId) ?? []).Values.OrderBy(r => r.MemberId, StringComparer.Ordinal).ToList());
        }
    }

    public Task<AttendanceRecord?> GetAttendeeAsync(string meetingId, string memberId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_attendance.GetValueOrDefault(meetingId)?.GetValueOrDefault(memberId));
        }
    }

    // Twin of the ChangeAttendance script in RedisStore.Meetings.cs.
    public Task<AttendanceChange> ChangeAttendanceAsync(AttendanceRecord next, IReadOnlyCollection<AttendanceStatus> from, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_attendance.GetValueOrDefault(next.MeetingId) is not { } records || !records.TryGetValue(next.MemberId, out var current))
            {
                return Task.FromResult(new AttendanceChange(false, null));
            }

            if (!from.Contains(current.Status))
            {
                return Task.FromResult(new AttendanceChange(false, current));
            }

            records[next.MemberId] = next;
            return Task.FromResult(new AttendanceChange(true, next));
        }
    }

    public Task<IReadOnlyList<string>> DueForClosingAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>(_closing.Where(c => c.Value <= now).OrderBy(c => c.Value).Take(max).Select(c => c.Key).ToList());
        }
    }

    public Task MarkClosedAsync(string meetingId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _closing.Remove(meetingId);
        }

        return Task.CompletedTask;
    }
}
