using System.Security.Cryptography;
using BranchBot.Core.Competitions;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Study;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Competitions;

/// <summary>Competition results, and live rooms for the secretary: create, run, QR code, big screen.</summary>
internal static class CompetitionEndpoints
{
    private static readonly string[] Letters = ["A", "B", "C", "D", "E", "F", "G", "H"];

    public static RouteGroupBuilder MapCompetitionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/competitions", async (HttpContext http, ICompetitionStore store, string? count, CancellationToken ct) =>
        {
            var (size, error) = ApiRequests.Number(count, "count", 50, 1, 1000);
            if (error is not null)
            {
                return error;
            }

            // The store keeps one organisation-wide list: a secretary's results are looked for among the newest 1,000,
            // not only among the newest few (which may all be other branches').
            var caller = http.Caller();
            var results = await store.ResultsAsync(caller.IsAdmin ? size : 1000, ct);
            return Results.Json(results.Where(r => caller.MaySee(r.BranchId)).Take(size), ApiErrors.Json);
        });
        api.MapPost("/competitions", CreateAsync);
        api.MapGet("/competitions/active", ActiveAsync);
        api.MapGet("/competitions/{roomId}", RoomAsync);
        api.MapGet("/competitions/{roomId}/qrcode", QrCodeAsync);
        api.MapPost("/competitions/{roomId}/{action}", ControlAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, RoomFactory rooms, IMemberStore members, ICompetitionStore store, QuestionBankCache bank, CompetitionOptions options, TimeProvider time, CancellationToken ct)
    {
        var (request, error) = await ApiJson.ReadAsync<CreateRequest>(http);
        if (request is null)
        {
            return error!;
        }

        if (string.IsNullOrWhiteSpace(request.BranchId))
        {
            return ApiErrors.FieldError("branchId", "请选择党支部");
        }

        if (!http.Caller().MaySee(request.BranchId))
        {
            return ApiErrors.Forbidden();
        }

        if (!(await members.ListUnitsAsync(ct)).Any(u => u.Id == request.BranchId && u.Kind == OrgUnitKind.Branch))
        {
            return ApiErrors.FieldError("branchId", "找不到这个党支部");
        }

        var title = string.IsNullOrWhiteSpace(request.Title) ? "知识竞赛" : request.Title.Trim();
        if (title.Length > 30)
        {
            return ApiErrors.FieldError("title", "标题不能超过 30 个字");
        }

        var category = string.IsNullOrWhiteSpace(request.Category) ? null : request.Category.Trim();
        if (category is not null && !rooms.Categories.Contains(category))
        {
            return ApiErrors.FieldError("category", $"没有这个分类（可选：{string.Join("、", rooms.Categories.Order(StringComparer.Ordinal))}）");
        }

        var seed = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var created = await rooms.CreateAsync(new RoomRequest(request.BranchId, "console:" + http.Caller().Name, string.Empty, title,
            request.Questions ?? options.DefaultQuestions, request.Seconds ?? options.DefaultSeconds, category, request.Team, request.Manual, null, seed), ct);
        if (created.Room is not { } room)
        {
            return created.Field is { } field ? ApiErrors.FieldError(field, created.Error!) : ApiErrors.Conflict(created.Error!);
        }

        return Results.Json(await ViewAsync(room, store, bank, time, ct), ApiErrors.Json, statusCode: 201);
    }

    private static async Task<IResult> ActiveAsync(HttpContext http, ICompetitionStore store, string? branchId, CancellationToken ct)
    {
        var (scope, denied) = ApiRequests.Scope(http, branchId);
        if (denied is not null)
        {
            return denied;
        }

        var ids = await store.ActiveRoomsAsync(ct);
        var rooms = (await Task.WhenAll(ids.Select(id => store.GetRoomAsync(id, ct)))).OfType<Room>()
            .Where(r => scope is null || r.BranchId == scope).OrderByDescending(r => r.CreatedAt).ToList();
        var states = await Task.WhenAll(rooms.Select(r => store.GetStateAsync(r.Id, ct)));
        var counts = await Task.WhenAll(rooms.Select(r => store.CountParticipantsAsync(r.Id, ct)));
        return Results.Json(rooms.Select((r, i) => new
        {
            r.Id,
            r.Code,
            r.Title,
            r.BranchId,
            questions = r.QuestionIds.Count,
            r.Seconds,
            phase = states[i]?.Phase.ToString(),
            phaseName = PhaseName(states[i]?.Phase),
            participants = counts[i],
            r.CreatedAt,
            createdText = ChinaTime.Format(r.CreatedAt),
        }), ApiErrors.Json);
    }

    private static async Task<IResult> RoomAsync(HttpContext http, string roomId, ICompetitionStore store, QuestionBankCache bank, TimeProvider time, CancellationToken ct)
    {
        var (room, denied) = await FindAsync(http, store, roomId, ct);
        return room is null ? denied! : Results.Json(await ViewAsync(room, store, bank, time, ct), ApiErrors.Json);
    }

    private static async Task<IResult> QrCodeAsync(HttpContext http, string roomId, ICompetitionStore store, IQrCodes codes, CancellationToken ct)
    {
        var (room, denied) = await FindAsync(http, store, roomId, ct);
        if (room is null)
        {
            return denied!;
        }

        var qr = await codes.CreateAsync(CompetitionFeature.ScenePrefix + room.Id, TimeSpan.FromDays(1), ct);
        return qr.Error is null ? Results.Json(qr, ApiErrors.Json) : Results.Json(new { error = qr.Error }, ApiErrors.Json, statusCode: 502);
    }

    private static async Task<IResult> ControlAsync(HttpContext http, string roomId, string action, ICompetitionStore store, RoomControl control, CancellationToken ct)
    {
        HostAction? command = action switch
        {
            "start" => HostAction.Start,
            "next" => HostAction.Next,
            "pause" => HostAction.Pause,
            "resume" => HostAction.Resume,
            "end" => HostAction.End,
            _ => null,
        };
        if (command is null)
        {
            return ApiErrors.NotFound("操作只能是 start、next、pause、resume 或 end");
        }

        var (room, denied) = await FindAsync(http, store, roomId, ct);
        if (room is null)
        {
            return denied!;
        }

        var outcome = await control.RunAsync(room, command.Value, ct);
        var phase = (await store.GetStateAsync(room.Id, ct))?.Phase;
        return outcome.Done
            ? Results.Json(new { changed = true, message = outcome.Text, phase = phase?.ToString(), phaseName = PhaseName(phase) }, ApiErrors.Json)
            : ApiErrors.Conflict(outcome.Text);
    }

    /// <summary>The room as the big screen shows it: the open question, time left, who answered, top 5, the podium at the end.</summary>
    private static async Task<object> ViewAsync(Room room, ICompetitionStore store, QuestionBankCache bank, TimeProvider time, CancellationToken ct)
    {
        var stateTask = store.GetStateAsync(room.Id, ct);
        var participantsTask = store.ParticipantsAsync(room.Id, ct);
        var standingsTask = store.StandingsAsync(room.Id, ct);
        var state = await stateTask;
        var participants = await participantsTask;
        var standings = await standingsTask;
        var names = participants.ToDictionary(p => p.MemberId, p => p.Name);
        var index = state?.Index ?? -1;
        var answered = state is { Phase: RoomPhase.Open or RoomPhase.Review } && index >= 0 ? (await store.AnswersAsync(room.Id, index, ct)).Count : 0;
        var question = state?.Phase == RoomPhase.Open && index >= 0 ? bank.Current.Find(room.QuestionIds[index]) : null;
        var now = time.GetUtcNow();
        object Row(Standing s) => new { s.Rank, s.MemberId, name = names.GetValueOrDefault(s.MemberId), s.Points };
        return new
        {
            room.Id,
            room.Code,
            room.Title,
            room.BranchId,
            questions = room.QuestionIds.Count,
            room.Seconds,
            room.TeamMode,
            room.AutoAdvance,
            phase = state?.Phase.ToString(),
            phaseName = PhaseName(state?.Phase),
            question = index + 1,
            state?.ClosesAt,
            secondsLeft = state is { Phase: RoomPhase.Open, ClosesAt: { } closes } ? Math.Max(0, (int)Math.Ceiling((closes - now).TotalSeconds)) : (int?)null,
            current = question is null ? null : new
            {
                text = question.Stem,
                type = question.Type.ToString(),
                typeName = Question.TypeName(question.Type),
                question.Category,
                options = question.Options.Select((o, i) => new { letter = Letters[i], text = o }),
            },
            participants = participants.Count,
            answered,
            top = standings.Take(10).Select(Row),
            top5 = standings.Take(5).Select(Row),
            podium = state?.Phase == RoomPhase.Finished ? standings.Where(s => s.Rank <= 3).Select(Row) : [],
            room.CreatedAt,
        };
    }

    private static async Task<(Room? Room, IResult? Denied)> FindAsync(HttpContext http, ICompetitionStore store, string roomId, CancellationToken ct)
    {
        if (await store.GetRoomAsync(roomId, ct) is not { } room)
        {
            return (null, ApiErrors.NotFound("找不到这个竞赛房间"));
        }

        return http.Caller().MaySee(room.BranchId) ? (room, null) : (null, ApiErrors.Forbidden());
    }

    private static string? PhaseName(RoomPhase? phase) => phase switch
    {
        RoomPhase.Lobby => "等待开始",
        RoomPhase.Open => "答题中",
        RoomPhase.Review => "公布结果",
        RoomPhase.Paused => "已暂停",
        RoomPhase.Finished => "已结束",
        _ => null,
    };

    private sealed record CreateRequest(string? BranchId, string? Title, int? Questions, int? Seconds, string? Category, bool Team, bool Manual);
}
