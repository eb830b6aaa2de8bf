using BranchBot.Core.Competitions;

namespace BranchBot.Bot.Admin;

/// <summary>Competition results and live rooms for the secretary.</summary>
internal static class CompetitionEndpoints
{
    public static RouteGroupBuilder MapCompetitionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/competitions", async (HttpContext http, ICompetitionStore store, int? count, CancellationToken ct) =>
        {
            var results = await store.ResultsAsync(Math.Clamp(count ?? 50, 1, 1000), ct);
            return Results.Json(results.Where(r => http.Caller().MaySee(r.BranchId)), ApiErrors.Json);
        });
        api.MapGet("/competitions/{roomId}", async (HttpContext http, string roomId, ICompetitionStore store, CancellationToken ct) =>
        {
            if (await store.GetRoomAsync(roomId, ct) is not { } room)
            {
                return ApiErrors.NotFound("找不到这个竞赛房间");
            }

            if (!http.Caller().MaySee(room.BranchId))
            {
                return ApiErrors.Forbidden();
            }

            var state = await store.GetStateAsync(roomId, ct);
            var participants = await store.ParticipantsAsync(roomId, ct);
            var names = participants.ToDictionary(p => p.MemberId, p => p.Name);
            var standings = await store.StandingsAsync(roomId, ct);
            return Results.Json(new
            {
                room.Id,
                room.Code,
                room.Title,
                questions = room.QuestionIds.Count,
                room.Seconds,
                room.TeamMode,
                phase = state?.Phase.ToString(),
                question = state is null ? 0 : state.Index + 1,
                state?.ClosesAt,
                participants = participants.Count,
                top = standings.Take(10).Select(s => new { s.Rank, name = names.GetValueOrDefault(s.MemberId), s.Points }),
            }, ApiErrors.Json);
        });
        return api;
    }
}
