using BranchBot.Bot.Admin;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;

namespace BranchBot.Bot.Meetings;

/// <summary>GET /api/meetings/{id}/photos: the photos members sent during the meeting, for its branch's secretaries and admins.</summary>
internal static class MeetingPhotoEndpoints
{
    public static RouteGroupBuilder MapMeetingPhotoEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/meetings/{id}/photos", ListAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, string id, IMeetingStore meetings, IMeetingRecords records, IMemberStore members, CancellationToken ct)
    {
        var meeting = await meetings.GetMeetingAsync(id, ct);
        if (meeting is null)
        {
            return ApiErrors.NotFound("找不到这个会议");
        }

        if (!http.Caller().MaySee(meeting.BranchId))
        {
            return ApiErrors.Forbidden();
        }

        var photos = await records.ListPhotosAsync(id, ct);
        var names = (await members.GetManyAsync(photos.Select(p => p.MemberId).Distinct().ToList(), ct)).ToDictionary(m => m.Id, m => m.Name);
        return Results.Json(photos.Select(p => new { p.PhotoId, p.MemberId, name = names.GetValueOrDefault(p.MemberId), p.MediaId, p.PicUrl, p.SentAt }), ApiErrors.Json);
    }
}
