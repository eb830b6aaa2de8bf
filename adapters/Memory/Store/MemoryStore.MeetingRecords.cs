using BranchBot.Core.Meetings;

namespace BranchBot.Adapters.Memory;

public sealed partial class MemoryStore : IMeetingRecords
{
    private readonly Dictionary<string, List<MeetingPhoto>> _photos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MeetingRecord> _records = new(StringComparer.Ordinal);

    public Task<MeetingRecord?> GetRecordAsync(string meetingId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_records.GetValueOrDefault(meetingId));
        }
    }

    /// <summary>Twin of the Redis store's SaveRecord script: compare-and-set on the version.</summary>
    public Task<RecordSave> SaveRecordAsync(MeetingRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = _records.GetValueOrDefault(record.MeetingId);
            if ((current?.Version ?? 0) != expectedVersion)
            {
                return Task.FromResult(new RecordSave(false, current));
            }

            var saved = record with { Version = expectedVersion + 1 };
            _records[record.MeetingId] = saved;
            return Task.FromResult(new RecordSave(true, saved));
        }
    }

    public Task<PhotoAttachment> AttachPhotoAsync(MeetingPhoto photo, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_photos.TryGetValue(photo.MeetingId, out var photos))
            {
                _photos[photo.MeetingId] = photos = [];
            }

            if (photos.Any(p => p.PhotoId == photo.PhotoId))
            {
                return Task.FromResult(new PhotoAttachment(false, photos.Count));
            }

            if (photos.Count >= IMeetingRecords.MaxPhotos)
            {
                return Task.FromResult(new PhotoAttachment(false, photos.Count, Full: true));
            }

            photos.Add(photo);
            return Task.FromResult(new PhotoAttachment(true, photos.Count));
        }
    }

    public Task<IReadOnlyList<MeetingPhoto>> ListPhotosAsync(string meetingId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<MeetingPhoto>>(_photos.GetValueOrDefault(meetingId)?.ToList() ?? []);
        }
    }
}
