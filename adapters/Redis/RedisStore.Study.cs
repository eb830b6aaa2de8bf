using System.Globalization;
using BranchBot.Core.Study;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public sealed partial class RedisStore : IStudyStore
{
    // KEYS (one {m:id} slot): ledger, points, book.
    // ARGV: award?, source, rule, points, cap, cap field, ledger value, day, week, month, book?, question, op, leave-after.
    // Returns {awarded, duplicate, left book}.
    // Twin: MemoryStore.Study.cs RecordAsync (daily cap per rule, ledger idempotence by source, wrong-answer book leaving after N rights);
    // held together by StudyStoreContractTests.Record_*, WrongBook_* and Ledger_*.
    private static readonly RedisScript Record = new("""
        local awarded, duplicate, left = 0, 0, 0
        if ARGV[1] == '1' then
          if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 then
            duplicate = 1
          else
            local used = tonumber(redis.call('HGET', KEYS[2], ARGV[6]) or '0')
            local give = math.min(tonumber(ARGV[4]), tonumber(ARGV[5]) - used)
            if give < 0 then give = 0 end
            redis.call('HSET', KEYS[1], ARGV[2], give .. '|' .. ARGV[3] .. '|' .. ARGV[7])
            if give > 0 then
              redis.call('HINCRBY', KEYS[2], ARGV[6], give)
              redis.call('HINCRBY', KEYS[2], ARGV[8], give)
              redis.call('HINCRBY', KEYS[2], ARGV[9], give)
              redis.call('HINCRBY', KEYS[2], ARGV[10], give)
              redis.call('HINCRBY', KEYS[2], 'all', give)
            end
            awarded = give
          end
        end
        if ARGV[11] == '1' then
          if ARGV[13] == 'add' then
            redis.call('HSET', KEYS[3], ARGV[12], 0)
          elseif redis.call('HEXISTS', KEYS[3], ARGV[12]) == 1 then
            local n = redis.call('HINCRBY', KEYS[3], ARGV[12], 1)
            if n >= tonumber(ARGV[14]) then
              redis.call('HDEL', KEYS[3], ARGV[12])
              left = 1
            end
          end
        end
        return {awarded, duplicate, left}
        """);

    public async Task<IReadOnlyDictionary<string, DateOnly>> GetSeenAsync(string memberId, CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.HashGetAllAsync(Keys.Seen(memberId)), cancellationToken);
        return entries.ToDictionary(e => (string)e.Name!, e => DateOnly.FromDayNumber((int)e.Value), StringComparer.Ordinal);
    }

    public async Task MarkSeenAsync(string memberId, IReadOnlyList<string> questionIds, DateOnly day, CancellationToken cancellationToken)
    {
        if (questionIds.Count > 0)
        {
            await connection.DoAsync(db => db.HashSetAsync(Keys.Seen(memberId), questionIds.Select(id => new HashEntry(id, day.DayNumber)).ToArray()), cancellationToken);
        }
    }

    public async Task<IReadOnlyDictionary<string, int>> GetWrongBookAsync(string memberId, CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.HashGetAllAsync(Keys.Book(memberId)), cancellationToken);
        return entries.ToDictionary(e => (string)e.Name!, e => (int)e.Value, StringComparer.Ordinal);
    }

    public async Task<StudyOutcome> RecordAsync(StudyRecord record, CancellationToken cancellationToken)
    {
        var award = record.Award;
        var periods = StudyPeriods.For(award?.At ?? DateTimeOffset.UnixEpoch);
        var book = record.Book;
        RedisValue[] args =
        [
            award is null ? "0" : "1",
            award?.SourceId ?? string.Empty,
            award?.Rule ?? string.Empty,
            award?.Points ?? 0,
            award?.DailyCap ?? 0,
            award is null ? string.Empty : "cap:" + award.Rule + ":" + periods.Day,
            award?.At.ToUnixTimeMilliseconds() ?? 0,
            periods.Day,
            periods.Week,
            periods.Month,
            book is null ? "0" : "1",
            book?.QuestionId ?? string.Empty,
            book?.Op == WrongBookOp.Add ? "add" : "right",
            book?.LeaveAfterRights ?? 0,
        ];
        var keys = new[] { Keys.Ledger(record.MemberId), Keys.Points(record.MemberId), Keys.Book(record.MemberId) };
        if (record.WrongQuestionId is { } wrong)
        {
            // The count lives in another cluster slot, so not in the script: sent fire-and-forget ahead of it, it
            // rides the same connection write and costs the answer no round trip.
            var db = await connection.DatabaseAsync(cancellationToken);
            db.SortedSetIncrement(Keys.WrongCounts, wrong, 1, CommandFlags.FireAndForget);
        }

        if (award is null && book is null)
        {
            return new StudyOutcome(0, false, false);
        }

        var result = (RedisResult[])(await connection.RunAsync(db => Record.EvaluateAsync(db, keys, args), cancellationToken))!;
        return new StudyOutcome((int)result[0], (int)result[1] == 1, (int)result[2] == 1);
    }

    public async Task<IReadOnlyList<WrongCount>> MostWrongAsync(int count, CancellationToken cancellationToken)
    {
        var top = await connection.RunAsync(db => db.SortedSetRangeByRankWithScoresAsync(Keys.WrongCounts, 0, count - 1, Order.Descending), cancellationToken);
        return top.Select(e => new WrongCount(e.Element!, (long)e.Score)).ToList();
    }

    public async Task<PointsSummary> GetPointsAsync(string memberId, StudyPeriods periods, CancellationToken cancellationToken)
    {
        var v = await connection.RunAsync(db => db.HashGetAsync(Keys.Points(memberId), [periods.Day, periods.Week, periods.Month, StudyPeriods.AllTime]), cancellationToken);
        return new PointsSummary((int)v[0], (int)v[1], (int)v[2], (int)v[3]);
    }

    public async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string memberId, CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.HashGetAllAsync(Keys.Ledger(memberId)), cancellationToken);
        return entries.Select(e =>
            {
                // "points|rule|unix ms": split at the first and last bar, so a rule may itself contain one.
                var value = (string)e.Value!;
                var (first, last) = (value.IndexOf('|', StringComparison.Ordinal), value.LastIndexOf('|'));
                return new LedgerEntry(e.Name!, value[(first + 1)..last], int.Parse(value[..first], CultureInfo.InvariantCulture),
                    DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value[(last + 1)..], CultureInfo.InvariantCulture)));
            })
            .OrderBy(e => e.At)
            .ToList();
    }
}
