using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using BranchBot.Core.Competitions;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using Microsoft.AspNetCore.Http.HttpResults;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Competitions;

/// <summary>Competition results, and live rooms for the secretary: create, run, QR code, big screen.</summary>
internal static class CompetitionEndpoints
{
    private static readonly string[] Letters = ["A", "B", "C", "D", "E", "F", "G", "H"];

    public static RouteGroupBuilder MapCompetitionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/competitions", ResultsAsync);
        api.MapPost("/competitions", CreateAsync);
        api.MapGet("/competitions/active", ActiveAsync);

        // RoomScope loads the room once and refuses one of another branch before these run.
        var room = api.MapScoped<Room>("/competitions");
        room.MapGet("/{roomId}", RoomAsync);
        room.MapGet("/{roomId}/qrcode", QrCodeAsync);
        room.MapPost("/{roomId}/{action:regex(^(start|next|pause|resume|end)$)}", ControlAsync);
        return api;
    }

    private static async Task<Ok<List<CompetitionResult>>> ResultsAsync(ClaimsPrincipal user, ICompetitionStore store,
        [Range(1, 1000, ErrorMessage = "count 应为 1–1000 之间的整数")] int? count, CancellationToken ct)
    {
        // The store keeps one organisation-wide list: a secretary's results are looked for among the newest 1,000,
        // not only among the newest few (which may all be other branches').
        var caller = user.Caller();
        var size = count ?? 50;
        var results = await store.ResultsAsync(caller.IsAdmin ? size : 1000, ct);
        return TypedResults.Ok(results.Where(r => caller.MaySee(r.BranchId)).Take(size).ToList());
    }

    private static async Task<Results<Created<RoomView>, ValidationProblem, ProblemHttpResult>> CreateAsync(CreateRequest request, ClaimsPrincipal user,
        RoomFactory rooms, IMemberStore members, ICompetitionStore store, QuestionBankCache bank, CompetitionOptions options, TimeProvider time, CancellationToken ct)
    {
        if (!(await members.ListUnitsAsync(ct)).Any(u => u.Id == request.BranchId && u.Kind == OrgUnitKind.Branch))
        {
            return ApiProblems.Invalid("branchId", "找不到这个党支部");
        }

        var title = string.IsNullOrWhiteSpace(request.Title) ? "知识竞赛" : request.Title.Trim();
        if (title.Length > CreateRequest.MaxTitleLength)
        {
            return ApiProblems.Invalid("title", $"标题不能超过 {CreateRequest.MaxTitleLength} 个字");
        }

        var category = string.IsNullOrWhiteSpace(request.Category) ? null : request.Category.Trim();
        if (category is not null && !rooms.Categories.Contains(category))
        {
            return ApiProblems.Invalid("category", $"没有这个分类（可选：{string.Join("、", rooms.Categories.Order(StringComparer.Ordinal))}）");
        }

        var seed = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var created = await rooms.CreateAsync(new RoomRequest(request.BranchId!, "console:" + user.Caller().Name, string.Empty, title,
            request.Questions ?? options.DefaultQuestions, request.Seconds ?? options.DefaultSeconds, category, request.Team, request.Manual, null, seed), ct);
        if (created.Room is not { } room)
        {
            return created.Invalid is { } invalid ? ApiProblems.Invalid(invalid) : ApiProblems.Conflict(created.Refused ?? "暂时无法创建竞赛房间");
        }

        return TypedResults.Created($"/api/competitions/{room.Id}", await ViewAsync(room, store, bank, time, ct));
    }

    private static async Task<Ok<List<ActiveRoom>>> ActiveAsync(ClaimsPrincipal user, ICompetitionStore store, string? branchId, CancellationToken ct)
    {
        var scope = user.BranchOrOwn(branchId);
        var ids = await store.ActiveRoomsAsync(ct);
        var rooms = (await Task.WhenAll(ids.Select(id => store.GetRoomAsync(id, ct)))).OfType<Room>()
            .Where(r => scope is null || r.BranchId == scope).OrderByDescending(r => r.CreatedAt).ToList();
        var states = await Task.WhenAll(rooms.Select(r => store.GetStateAsync(r.Id, ct)));
        var counts = await Task.WhenAll(rooms.Select(r => store.CountParticipantsAsync(r.Id, ct)));
        return TypedResults.Ok(rooms.Select((r, i) => new ActiveRoom(r.Id, r.Code, r.Title, r.BranchId, r.QuestionIds.Count, r.Seconds,
            states[i]?.Phase.ToString(), PhaseName(states[i]?.Phase), counts[i], r.CreatedAt, ChinaTime.Format(r.CreatedAt))).ToList());
    }

    private static async Task<Ok<RoomView>> RoomAsync(InScope<Room> room, ICompetitionStore store, QuestionBankCache bank, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(room.Value, store, bank, time, ct));

    private static async Task<Results<Ok<QrCodeResult>, ProblemHttpResult>> QrCodeAsync(InScope<Room> room, IQrCodes codes, CancellationToken ct)
    {
        var qr = await codes.CreateAsync(CompetitionFeature.ScenePrefix + room.Value.Id, TimeSpan.FromDays(1), ct);
        return qr.Error is null ? TypedResults.Ok(qr) : ApiProblems.BadGateway(qr.Error);
    }

    private static async Task<Results<Ok<RoomControlView>, ProblemHttpResult>> ControlAsync(InScope<Room> room, string action, ICompetitionStore store, RoomControl control, CancellationToken ct)
    {
        var command = action switch
        {
            "start" => HostAction.Start,
            "next" => HostAction.Next,
            "pause" => HostAction.Pause,
            "resume" => HostAction.Resume,
            _ => HostAction.End,
        };
        var outcome = await control.RunAsync(room.Value, command, ct);
        var phase = (await store.GetStateAsync(room.Value.Id, ct))?.Phase;
        return outcome.Done
            ? TypedResults.Ok(new RoomControlView(true, outcome.Text, phase?.ToString(), PhaseName(phase)))
            : ApiProblems.Conflict(outcome.Text);
    }

    /// <summary>The room as the big screen shows it: the open question, time left, who answered, top 5, the podium at the end.</summary>
    private static async Task<RoomView> ViewAsync(Room room, ICompetitionStore store, QuestionBankCache bank, TimeProvider time, CancellationToken ct)
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
        StandingRow Row(Standing s) => new(s.Rank, s.MemberId, names.GetValueOrDefault(s.MemberId), s.Points);
        return new RoomView(
            room.Id,
            room.Code,
            room.Title,
            room.BranchId,
            room.QuestionIds.Count,
            room.Seconds,
            room.TeamMode,
            room.AutoAdvance,
            state?.Phase.ToString(),
            PhaseName(state?.Phase),
            index + 1,
            state?.ClosesAt,
            state is { Phase: RoomPhase.Open, ClosesAt: { } closes } ? Math.Max(0, (int)Math.Ceiling((closes - now).TotalSeconds)) : null,
            question is null ? null : new OpenQuestion(question.Stem, question.Type.ToString(), Question.TypeName(question.Type), question.Category,
                question.Options.Select((o, i) => new QuestionOption(Letters[i], o)).ToList()),
            participants.Count,
            answered,
            standings.Take(10).Select(Row).ToList(),
            standings.Take(5).Select(Row).ToList(),
            state?.Phase == RoomPhase.Finished ? standings.Where(s => s.Rank <= 3).Select(Row).ToList() : [],
            room.CreatedAt);
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

    internal sealed record CreateRequest(
        [property: Required(AllowEmptyStrings = false, ErrorMessage = "请选择党支部")] string? BranchId,
        string? Title,
        int? Questions,
        int? Seconds,
        string? Category,
        bool Team,
        bool Manual) : IBranchScoped
    {
        public const int MaxTitleLength = 30;
    }

    internal sealed record ActiveRoom(string Id, string Code, string Title, string BranchId, int Questions, int Seconds, string? Phase, string? PhaseName,
        long Participants, DateTimeOffset CreatedAt, string CreatedText);

    internal sealed record QuestionOption(string Letter, string Text);

    internal sealed record OpenQuestion(string Text, string Type, string TypeName, string Category, IReadOnlyList<QuestionOption> Options);

    internal sealed record StandingRow(int Rank, string MemberId, string? Name, int Points);

    internal sealed record RoomView(string Id, string Code, string Title, string BranchId, int Questions, int Seconds, bool TeamMode, bool AutoAdvance,
        string? Phase, string? PhaseName, int Question, DateTimeOffset? ClosesAt, int? SecondsLeft, OpenQuestion? Current, int Participants, int Answered,
        IReadOnlyList<StandingRow> Top, IReadOnlyList<StandingRow> Top5, IReadOnlyList<StandingRow> Podium, DateTimeOffset CreatedAt);

    internal sealed record RoomControlView(bool Changed, string Message, string? Phase, string? PhaseName);
}

/// <summary>Finds the room of <c>/competitions/{roomId}</c>; its branch is its scope.</summary>
internal sealed class RoomScope(ICompetitionStore store) : IScopedLoader<Room>
{
    public string RouteKey => "roomId";

    public string Missing => "找不到这个竞赛房间";

    public Task<Room?> FindAsync(string id, CancellationToken cancellationToken) => store.GetRoomAsync(id, cancellationToken);

    public object ScopeOf(Room resource) => new BranchScope(resource.BranchId);
}
