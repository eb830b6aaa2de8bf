using BranchBot.Bot.Admin;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Bot.Meetings;

/// <summary>
/// GET /api/meetings/{id}/photos: the photos members sent during the meeting, each with its archive state; and
/// GET /api/meetings/{id}/photos/{photoId}: an archived photo itself. For the meeting branch's secretaries and admins.
/// </summary>
internal static class MeetingPhotoEndpoints
{
    public static RouteGroupBuilder MapMeetingPhotoEndpoints(this RouteGroupBuilder api)
    {
        // MeetingScope loads the meeting once and refuses one outside the caller's branch.
        var meeting = api.MapScoped<Meeting>("/meetings");
        meeting.MapGet("/{id}/photos", ListAsync);
        meeting.MapGet("/{id}/photos/{photoId}", PhotoAsync)
            .Produces(StatusCodes.Status200OK, contentType: PhotoFormat.Jpeg, additionalContentTypes: [PhotoFormat.Png, PhotoFormat.Gif, PhotoFormat.WebP]);
        return api;
    }

    private static async Task<Ok<List<PhotoView>>> ListAsync(InScope<Meeting> meeting, IMeetingRecords records, IPhotoArchiveQueue archive, IMemberStore members, CancellationToken ct)
    {
        var photos = await records.ListPhotosAsync(meeting.Value.Id, ct);
        var names = (await members.GetManyAsync(photos.Select(p => p.MemberId).Distinct().ToList(), ct)).ToDictionary(m => m.Id, m => m.Name);
        return TypedResults.Ok(await ViewsAsync(meeting.Value.Id, photos, id => names.GetValueOrDefault(id), archive, ct));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PhotoAsync(InScope<Meeting> meeting, string photoId, IPhotoArchive archive, CancellationToken ct)
    {
        if (await archive.OpenAsync(meeting.Value.Id, photoId, ct) is not { } photo)
        {
            return ApiProblems.NotFound("这张照片尚未保存或未能保存");
        }

        return TypedResults.File(photo.Bytes, photo.ContentType);
    }

    /// <summary>The photos as the API shows them, with where their archiving stands and, once archived, where to get them.</summary>
    internal static async Task<List<PhotoView>> ViewsAsync(string meetingId, IReadOnlyList<MeetingPhoto> photos, Func<string, string?> name, IPhotoArchiveQueue archive, CancellationToken ct)
    {
        var states = await archive.GetPhotoStatesAsync(meetingId, ct);
        return photos.Select(p =>
        {
            var state = states.GetValueOrDefault(p.PhotoId) ?? PhotoArchiveState.NotStarted;
            var archived = state.Status == PhotoArchiveStatus.Archived;
            return new PhotoView(p.PhotoId, p.MemberId, name(p.MemberId), p.MediaId, p.PicUrl, p.SentAt, state.Status.ToString(), state.Label,
                archived ? state.ContentType : null, archived ? state.Size : null,
                archived ? $"/api/meetings/{Uri.EscapeDataString(meetingId)}/photos/{Uri.EscapeDataString(p.PhotoId)}" : null);
        }).ToList();
    }

    /// <summary>
    /// One photo: <c>archive</c> is Pending (保存中), Archived or Failed (未能保存), <c>archiveName</c> its words; an
    /// archived photo has its <c>contentType</c>, <c>size</c> and <c>imageUrl</c> (read it with the same bearer).
    /// </summary>
    internal sealed record PhotoView(string PhotoId, string MemberId, string? Name, string MediaId, string PicUrl, DateTimeOffset SentAt,
        string Archive, string ArchiveName, string? ContentType, long? Size, string? ImageUrl);
}
