using System.Text.Json;
using BranchBot.Core.Meetings;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// The photo archive queue: one sorted set of photos by due time, claimed by one script that moves each due photo
/// past its lease, so two instances never take the same photo at once. Each photo's archive state sits in a hash
/// under its meeting's tag.
/// </summary>
public sealed partial class RedisStore : IPhotoArchiveQueue
{
    // KEYS: queue. ARGV: now (ms), lease end (ms), max. Returns the claimed members.
    // Twin: MemoryStore.PhotoArchive.cs ClaimPhotosAsync; held together by PhotoArchiveQueueContractTests.
    private static readonly RedisScript ClaimPhotos = new("""
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
        for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], member) end
        return due
        """);

    private const char Separator = '\n';

    public async Task EnqueuePhotoAsync(PhotoKey photo, DateTimeOffset due, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.SortedSetAddAsync(Keys.PhotoArchiveQueue, Member(photo), due.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists), cancellationToken);

    public async Task<IReadOnlyList<PhotoKey>> ClaimPhotosAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var result = await connection.RunAsync(
            db => ClaimPhotos.EvaluateAsync(db, [Keys.PhotoArchiveQueue], [now.ToUnixTimeMilliseconds(), (now + lease).ToUnixTimeMilliseconds(), max]), cancellationToken);
        return ((RedisResult[])result!).Select(r => Parse((string)r!)).OfType<PhotoKey>().ToList();
    }

    public async Task RetryPhotoLaterAsync(PhotoKey photo, DateTimeOffset due, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.SortedSetAddAsync(Keys.PhotoArchiveQueue, Member(photo), due.ToUnixTimeMilliseconds(), SortedSetWhen.Exists), cancellationToken);

    public async Task CompletePhotoAsync(PhotoKey photo, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.SortedSetRemoveAsync(Keys.PhotoArchiveQueue, Member(photo)), cancellationToken);

    public async Task SetPhotoStateAsync(PhotoKey photo, PhotoArchiveState state, CancellationToken cancellationToken) =>
        await connection.RunAsync(db => db.HashSetAsync(Keys.MeetingPhotoArchive(photo.MeetingId), photo.PhotoId, JsonSerializer.Serialize(state)), cancellationToken);

    public async Task<IReadOnlyDictionary<string, PhotoArchiveState>> GetPhotoStatesAsync(string meetingId, CancellationToken cancellationToken)
    {
        var entries = await connection.RunAsync(db => db.HashGetAllAsync(Keys.MeetingPhotoArchive(meetingId)), cancellationToken);
        return entries.ToDictionary(e => (string)e.Name!, e => JsonSerializer.Deserialize<PhotoArchiveState>((string)e.Value!)!, StringComparer.Ordinal);
    }

    private static string Member(PhotoKey photo) => photo.MeetingId + Separator + photo.PhotoId;

    private static PhotoKey? Parse(string member) =>
        member.IndexOf(Separator, StringComparison.Ordinal) is var at and > 0 ? new PhotoKey(member[..at], member[(at + 1)..]) : null;
}
