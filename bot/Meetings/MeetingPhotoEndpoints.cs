using BranchBot.Bot.Admin;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Bot.Meetings;

/// <summary>GET /api/meetings/{id}/photos: the photos members sent during the meeting, for its branch's secretaries and admins.</summary>
internal static class MeetingPhotoEndpoints
{
    public static RouteGroupBuilder MapMeetingPhotoEndpoints(this RouteGroupBuilder api)
    {
        // MeetingScope loads the meeting once and refuses one outside the caller's branch.
        api.MapScoped<Meeting>("/meetings").MapGet("/{id}/photos", ListAsync);
        return api;
    }

    private static async Task<Ok<List<PhotoView>>> ListAsync(InScope<Meeting> meeting, IMeetingRecords records, IMemberStore members, CancellationToken ct)
    {
        var photos = await records.ListPhotosAsync(meeting.Value.Id, ct);
        var names = (await members.GetManyAsync(photos.Select(p => p.MemberId).Distinct().ToList(), ct)).ToDictionary(m => m.Id, m => m.Name);
        return TypedResults.Ok(photos.Select(p => new PhotoView(p.PhotoId, p.MemberId, names.GetValueOrDefault(p.MemberId), p.MediaId, p.PicUrl, p.SentAt)).ToList());
    }

    internal sealed record PhotoView(string PhotoId, string MemberId, string? Name, string MediaId, string PicUrl, DateTimeOffset SentAt);
}
