using System.Text.Json;
using BranchBot.Core.Meetings;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : IMakeUpStore
{
    // KEYS: the meeting's 补学 hash. ARGV: member, expected state (its number), next task (JSON).
    // Returns {applied, current task or ''}: compare-and-set on the state, kept as the text before the first '|'.
    // Twin: MemoryStore.MakeUp.cs AdvanceAsync; held together by MakeUpStoreContractTests.
    private static readonly RedisScript AdvanceMakeUp = new("""
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if not current then return {0, ''} end
        if string.match(current, '^([^|]*)') ~= ARGV[2] then return {0, current} end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        return {1, ARGV[3]}
        """);

    public async Task OweAsync(string meetingId, IReadOnlyList<string> memberIds, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        // The meeting's hash first, then each member's index (another slot); both are set-if-absent, so a re-run mends a crash between them.
        await connection.DoAsync(db => Task.WhenAll(memberIds.Select(m =>
            db.HashSetAsync(Keys.MakeUp(meetingId), m, Encode(new MakeUpTask(meetingId, m, MakeUpState.Owed, deadline)), When.NotExists))), cancellationToken);
        await connection.DoAsync(db => Task.WhenAll(memberIds.Select(m => db.SetAddAsync(Keys.MemberMakeUp(m), meetingId))), cancellationToken);
    }

    public async Task<MakeUpChange> AdvanceAsync(MakeUpTask next, MakeUpState from, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await connection.RunAsync(db => AdvanceMakeUp.EvaluateAsync(db, [Keys.MakeUp(next.MeetingId)],
            [next.MemberId, ((int)from).ToString(System.Globalization.CultureInfo.InvariantCulture), Encode(next)]), cancellationToken))!;
        var current = (string?)result[1];
        return new MakeUpChange((int)result[0] == 1, string.IsNullOrEmpty(current) ? null : Decode(current));
    }

    public async Task<IReadOnlyList<MakeUpTask>> ListForMeetingAsync(string meetingId, CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.HashGetAllAsync(Keys.MakeUp(meetingId)), cancellationToken);
        return entries.Select(e => Decode(e.Value!)).OrderBy(t => t.MemberId, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<MakeUpTask>> ListForMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        var meetings = await connection.RunAsync(db => db.SetMembersAsync(Keys.MemberMakeUp(memberId)), cancellationToken);
        var values = await connection.RunAsync(db => Task.WhenAll(meetings.Select(m => db.HashGetAsync(Keys.MakeUp((string)m!), memberId))), cancellationToken);
        return values.Where(v => !v.IsNull).Select(v => Decode(v!)).OrderBy(t => t.Deadline).ThenBy(t => t.MeetingId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The state's number, a bar, then the task as JSON: the script compares the state without decoding JSON.</summary>
    private static string Encode(MakeUpTask task) => ((int)task.State).ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + JsonSerializer.Serialize(task);

    private static MakeUpTask Decode(string stored) => JsonSerializer.Deserialize<MakeUpTask>(stored[(stored.IndexOf('|') + 1)..])!;
}
