using BranchBot.Core.Meetings;

namespace BranchBot.Adapters.Memory;

/// <summary>The photo archive queue (photo → due time, a claim pushes it past the lease) and each photo's archive state.</summary>
public sealed partial class MemoryStore : IPhotoArchiveQueue
{
    private readonly Dictionary<PhotoKey, DateTimeOffset> _photoQueue = [];
    private readonly Dictionary<string, Dictionary<string, PhotoArchiveState>> _photoStates = new(StringComparer.Ordinal);

    public Task EnqueuePhotoAsync(PhotoKey photo, DateTimeOffset due, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _photoQueue.TryAdd(photo, due);
            return Task.CompletedTask;
        }
    }

    /// <summary>Twin of the Redis store's ClaimPhotos script.</summary>
    public Task<IReadOnlyList<PhotoKey>> ClaimPhotosAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var due = _photoQueue.Where(e => e.Value <= now).OrderBy(e => e.Value).Take(max).Select(e => e.Key).ToList();
            foreach (var key in due)
            {
                _photoQueue[key] = now + lease;
            }

            return Task.FromResult<IReadOnlyList<PhotoKey>>(due);
        }
    }

    public Task RetryPhotoLaterAsync(PhotoKey photo, DateTimeOffset due, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_photoQueue.ContainsKey(photo))
            {
                _photoQueue[photo] = due;
            }

            return Task.CompletedTask;
        }
    }

    public Task CompletePhotoAsync(PhotoKey photo, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _photoQueue.Remove(photo);
            return Task.CompletedTask;
        }
    }

    public Task SetPhotoStateAsync(PhotoKey photo, PhotoArchiveState state, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_photoStates.TryGetValue(photo.MeetingId, out var states))
            {
                _photoStates[photo.MeetingId] = states = new Dictionary<string, PhotoArchiveState>(StringComparer.Ordinal);
            }

            states[photo.PhotoId] = state;
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyDictionary<string, PhotoArchiveState>> GetPhotoStatesAsync(string meetingId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, PhotoArchiveState>>(
                _photoStates.TryGetValue(meetingId, out var states) ? new Dictionary<string, PhotoArchiveState>(states, StringComparer.Ordinal) : new Dictionary<string, PhotoArchiveState>());
        }
    }
}
