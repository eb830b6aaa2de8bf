using System.Globalization;
using System.Text.Json;
using BranchBot.Core.Meetings;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : IMeetingStore
{
    // KEYS: attendance hash. ARGV: member, next record, allowed statuses (comma-separated).
    // Returns {applied, current record or ''}: compare-and-set on the status (the text before the first '|').
    // Twin: MemoryStore.Meetings.cs ChangeAttendanceAsync; held together by MeetingStoreContractTests.ChangeAttendance_*.
    private static readonly RedisScript ChangeAttendance = new("""
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if not current then return {0, ''} end
        local status = string.match(current, '^([^|]*)')
        for allowed in string.gmatch(ARGV[3], '[^,]+') do
          if allowed == status then
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return {1, ARGV[2]}
          end
        end
        return {0, current}
        """);

    public async Task SaveAsync(Meeting meeting, IReadOnlyList<string> attendeeIds, DateTimeOffset closeAt, CancellationToken cancellationToken)
    {
        var attendance = Keys.Attendance(meeting.Id);
        var before = (await connection.RunAsync(db => db.HashKeysAsync(attendance), cancellationToken)).Select(k => (string)k!).ToHashSet(StringComparer.Ordinal);
        var after = attendeeIds.ToHashSet(StringComparer.Ordinal);
        var removed = before.Except(after).ToList();

        var db = await connection.DatabaseAsync(cancellationToken);
        var transaction = db.CreateTransaction();
        _ = transaction.StringSetAsync(Keys.MeetingInfo(meeting.Id), JsonSerializer.Serialize(meeting));
        foreach (var member in after)
        {
            _ = transaction.HashSetAsync(attendance, member, EncodeAttendance(new AttendanceRecord(meeting.Id, member, AttendanceStatus.Pending)), When.NotExists);
        }

        if (removed.Count > 0)
        {
            _ = transaction.HashDeleteAsync(attendance, removed.Select(r => (RedisValue)r).ToArray());
        }

        if (!await connection.CommitAsync(transaction, cancellationToken))
        {
            throw new InvalidOperationException("meeting save transaction was not applied");
        }

        // Indexes live in other slots; writing them again is harmless, so a crash here is mended by saving again.
        var start = meeting.Start.ToUnixTimeMilliseconds();
        await connection.DoAsync(d => Task.WhenAll(
            after.Select(m => (Task)d.SortedSetAddAsync(Keys.MemberMeetings(m), meeting.Id, start))
                .Concat(removed.Select(m => (Task)d.SortedSetRemoveAsync(Keys.MemberMeetings(m), meeting.Id)))
                .Append(d.SortedSetAddAsync(Keys.BranchMeetings(meeting.BranchId), meeting.Id, start))
                .Append(d.SortedSetAddAsync(Keys.MeetingsToClose, meeting.Id, closeAt.ToUnixTimeMilliseconds()))), cancellationToken);
    }

    public async Task<Meeting?> GetMeetingAsync(string meetingId, CancellationToken cancellationToken)
    {
        var json = await connection.RunAsync(db => db.StringGetAsync(Keys.MeetingInfo(meetingId)), cancellationToken);
        return json.IsNull ? null : JsonSerializer.Deserialize<Meeting>((string)json!);
    }

    public Task<IReadOnlyList<Meeting>> ListByBranchAsync(string branchId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ListIndexAsync(Keys.BranchMeetings(branchId), from, to, cancellationToken);

    public Task<IReadOnlyList<Meeting>> ListForMemberAsync(string memberId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ListIndexAsync(Keys.MemberMeetings(memberId), from, to, cancellationToken);

    public async Task<IReadOnlyList<AttendanceRecord>> GetAttendanceAsync(string meetingId, CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.HashGetAllAsync(Keys.Attendance(meetingId)), cancellationToken);
        return entries.Select(e => DecodeAttendance(meetingId, e.Name!, e.Value!)).OrderBy(r => r.MemberId, StringComparer.Ordinal).ToList();
    }

    public async Task<AttendanceRecord?> GetAttendeeAsync(string meetingId, string memberId, CancellationToken cancellationToken)
    {
        var value = await connection.RunAsync(db => db.HashGetAsync(Keys.Attendance(meetingId), memberId), cancellationToken);
        return value.IsNull ? null : DecodeAttendance(meetingId, memberId, value!);
    }

    public async Task<AttendanceChange> ChangeAttendanceAsync(AttendanceRecord next, IReadOnlyCollection<AttendanceStatus> from, CancellationToken cancellationToken)
    {
        var allowed = string.Join(',', from.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)));
        var result = (RedisResult[])(await connection.RunAsync(
            db => ChangeAttendance.EvaluateAsync(db, [Keys.Attendance(next.MeetingId)], [next.MemberId, EncodeAttendance(next), allowed]), cancellationToken))!;
        var current = (string?)result[1];
        return new AttendanceChange((int)result[0] == 1, string.IsNullOrEmpty(current) ? null : DecodeAttendance(next.MeetingId, next.MemberId, current));
    }

    public async Task<IReadOnlyList<string>> DueForClosingAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var ids = await connection.RunAsync(db => db.SortedSetRangeByScoreAsync(Keys.MeetingsToClose, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: max), cancellationToken);
        return ids.Select(id => (string)id!).ToList();
    }

    public async Task MarkClosedAsync(string meetingId, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => db.SortedSetRemoveAsync(Keys.MeetingsToClose, meetingId), cancellationToken);

    private async Task<IReadOnlyList<Meeting>> ListIndexAsync(RedisKey index, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var ids = await connection.RunAsync(db => db.SortedSetRangeByScoreAsync(index, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), Exclude.Stop), cancellationToken);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await connection.RunAsync(db => Task.WhenAll(ids.Select(id => db.StringGetAsync(Keys.MeetingInfo(id!)))), cancellationToken);
        return values.Where(v => !v.IsNull).Select(v => JsonSerializer.Deserialize<Meeting>((string)v!)!).OrderBy(m => m.Start).ToList();
    }

    /// <summary>"status|checked-in ms|method|reason": the status first, so the compare-and-set script can read it.</summary>
    private static string EncodeAttendance(AttendanceRecord r) => string.Join('|',
        ((int)r.Status).ToString(CultureInfo.InvariantCulture),
        r.CheckedInAt?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        r.Method is { } m ? ((int)m).ToString(CultureInfo.InvariantCulture) : string.Empty,
        r.LeaveReason ?? string.Empty);

    private static AttendanceRecord DecodeAttendance(string meetingId, string memberId, string value)
    {
        var p = value.Split('|', 4);
        return new AttendanceRecord(
            meetingId,
            memberId,
            (AttendanceStatus)int.Parse(p[0], CultureInfo.InvariantCulture),
            p[1].Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(p[1], CultureInfo.InvariantCulture)),
            p[2].Length == 0 ? null : (CheckInMethod)int.Parse(p[2], CultureInfo.InvariantCulture),
            p[3].Length == 0 ? null : p[3]);
    }
}
