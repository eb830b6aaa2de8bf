using System.Text.Json;
using BranchBot.Core.Meetings;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// A meeting's photos: a hash keyed by photo id (HSETNX, so a redelivered push attaches once) beside a list that keeps
/// their order, both under the meeting's hash tag so one script touches them. The record's fields are one JSON
/// document in a hash beside its version, saved by one compare-and-set script.
/// </summary>
public sealed partial class RedisStore : IMeetingRecords
{
    // KEYS: photos hash, order list. ARGV: photo id, photo JSON, capacity. Returns {added (1/0), count, full (1/0)}.
    private static readonly RedisScript AttachPhoto = new("""
        local count = redis.call('HLEN', KEYS[1])
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {0, count, 0} end
        if count >= tonumber(ARGV[3]) then return {0, count, 1} end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('RPUSH', KEYS[2], ARGV[1])
        return {1, count + 1, 0}
        """);

    // KEYS: record hash. ARGV: expected version, document JSON (already carrying version + 1).
    // Returns {saved (1/0), current document or ''}. Twin: MemoryStore.MeetingRecords.cs SaveRecordAsync; held together
    // by MeetingRecordsContractTests.Record_*.
    private static readonly RedisScript SaveRecord = new("""
        local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
        if v ~= tonumber(ARGV[1]) then return {0, redis.call('HGET', KEYS[1], 'doc') or ''} end
        redis.call('HSET', KEYS[1], 'v', v + 1, 'doc', ARGV[2])
        return {1, ARGV[2]}
        """);

    public async Task<MeetingRecord?> GetRecordAsync(string meetingId, CancellationToken cancellationToken)
    {
        var doc = await connection.RunAsync(db => db.HashGetAsync(Keys.MeetingRecord(meetingId), "doc"), cancellationToken);
        return doc.IsNullOrEmpty ? null : JsonSerializer.Deserialize<MeetingRecord>((string)doc!);
    }

    public async Task<RecordSave> SaveRecordAsync(MeetingRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        var doc = JsonSerializer.Serialize(record with { Version = expectedVersion + 1 });
        var result = (RedisResult[])(await connection.RunAsync(
            db => SaveRecord.EvaluateAsync(db, [Keys.MeetingRecord(record.MeetingId)], [expectedVersion, doc]), cancellationToken))!;
        var current = (string?)result[1];
        return new RecordSave((int)result[0] == 1, string.IsNullOrEmpty(current) ? null : JsonSerializer.Deserialize<MeetingRecord>(current));
    }

    public async Task<PhotoAttachment> AttachPhotoAsync(MeetingPhoto photo, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await connection.RunAsync(
            db => AttachPhoto.EvaluateAsync(db, [Keys.MeetingPhotos(photo.MeetingId), Keys.MeetingPhotoOrder(photo.MeetingId)],
                [photo.PhotoId, JsonSerializer.Serialize(photo), IMeetingRecords.MaxPhotos]), cancellationToken))!;
        return new PhotoAttachment((int)result[0] == 1, (int)result[1], (int)result[2] == 1);
    }

    public async Task<IReadOnlyList<MeetingPhoto>> ListPhotosAsync(string meetingId, CancellationToken cancellationToken)
    {
        var ids = await connection.RunAsync(db => db.ListRangeAsync(Keys.MeetingPhotoOrder(meetingId)), cancellationToken);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await connection.RunAsync(db => db.HashGetAsync(Keys.MeetingPhotos(meetingId), ids), cancellationToken);
        return values.Where(v => !v.IsNull).Select(v => JsonSerializer.Deserialize<MeetingPhoto>((string)v!)!).ToList();
    }
}
