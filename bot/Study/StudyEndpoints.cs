using System.Globalization;
using BranchBot.Core.Members;
using BranchBot.Core.Study;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Study;

/// <summary>Study results for the console: rankings, daily participation, most-wrong questions, the question bank.</summary>
internal static class StudyEndpoints
{
    private const int RankingSize = 50;

    public static RouteGroupBuilder MapStudyEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/study/rankings", RankingsAsync);
        api.MapGet("/study/participation", ParticipationAsync);
        api.MapGet("/study/wrong-questions", WrongQuestionsAsync);
        api.MapPost("/questions/import", ImportQuestionsAsync).AcceptsImportFile();
        api.MapGet("/questions/summary", SummaryAsync);
        return api;
    }

    private static async Task<IResult> RankingsAsync(HttpContext http, IRankingStore rankings, IMemberStore members, TimeProvider time, string? branchId, string? period, CancellationToken ct)
    {
        var (branch, denied) = ApiRequests.Scope(http, branchId);
        if (denied is not null)
        {
            return denied;
        }

        var periods = StudyPeriods.For(time.GetUtcNow());
        var key = (period ?? "week") switch
        {
            "week" => periods.Week,
            "month" => periods.Month,
            "all" => StudyPeriods.AllTime,
            _ => null,
        };
        if (key is null)
        {
            return ApiErrors.FieldError("period", "period 只能是 week、month 或 all");
        }

        var scope = new RankingScope(branch);
        var topTask = rankings.TopAsync(scope, key, RankingSize, ct);
        var countTask = rankings.CountAsync(scope, key, ct);
        var unitsTask = members.ListUnitsAsync(ct);
        var top = await topTask;
        var people = (await members.GetManyAsync(top.Select(e => e.MemberId).ToList(), ct)).ToDictionary(m => m.Id);
        var units = (await unitsTask).ToDictionary(u => u.Id, u => u.Name);
        return Results.Json(new
        {
            period = period ?? "week",
            branchId = branch,
            participants = await countTask,
            items = top.Select(e => new
            {
                e.Rank,
                e.MemberId,
                name = people.TryGetValue(e.MemberId, out var m) ? m.Name : "（已移除）",
                branchName = m is null ? null : units.GetValueOrDefault(m.BranchId),
                e.Points,
            }),
        }, ApiErrors.Json);
    }

    private static async Task<IResult> ParticipationAsync(HttpContext http, IRankingStore rankings, TimeProvider time, string? branchId, string? days, CancellationToken ct)
    {
        var (branch, denied) = ApiRequests.Scope(http, branchId);
        var (count, error) = ApiRequests.Number(days, "days", 30, 1, 366);
        if ((denied ?? error) is { } refused)
        {
            return refused;
        }

        // The day rankings hold everyone who earned points that China day; their sizes, read together.
        var today = StudyPeriods.ChinaDate(time.GetUtcNow());
        var dates = Enumerable.Range(0, count).Select(i => today.AddDays(i - count + 1)).ToArray();
        var scope = new RankingScope(branch);
        var sizes = await Task.WhenAll(dates.Select(d => rankings.CountAsync(scope, "d:" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ct)));
        return Results.Json(new
        {
            branchId = branch,
            days = dates.Zip(sizes).Select(p => new { date = p.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), participants = p.Second }),
        }, ApiErrors.Json);
    }

    private static async Task<IResult> WrongQuestionsAsync(IStudyStore study, QuestionBankCache bank, string? count, CancellationToken ct)
    {
        var (size, error) = ApiRequests.Number(count, "count", 10, 1, 100);
        if (error is not null)
        {
            return error;
        }

        var top = await study.MostWrongAsync(size, ct);
        return Results.Json(top.Select(w => bank.Current.Find(w.QuestionId) is { } q
            ? new { w.QuestionId, text = q.Stem, category = (string?)q.Category, w.Wrong }
            : new { w.QuestionId, text = "（题库中已没有这道题）", category = (string?)null, w.Wrong }), ApiErrors.Json);
    }

    private static async Task<IResult> ImportQuestionsAsync(HttpContext http, IQuestionStore questions, QuestionBankCache bank, string? name, CancellationToken ct)
    {
        if (http.Caller().BranchId is not null)
        {
            return ApiRequests.AdminOnly();
        }

        var fileName = string.IsNullOrWhiteSpace(name) ? "bank.json" : name.Trim();
        if (!fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return ApiErrors.FieldError("name", "题库文件应为 .json 或 .csv");
        }

        var (file, fileError) = await ApiRequests.ReadFileAsync(http.Request, ct);
        if (file is null)
        {
            return fileError!;
        }

        var parsed = QuestionBankParser.Parse(file, fileName);
        if (!parsed.Ok)
        {
            return Results.Json(new { ok = false, errors = parsed.Errors.Select(e => new { row = e.Line, e.Message, text = e.ToString() }), added = 0, updated = 0, total = bank.Current.All.Count }, ApiErrors.Json);
        }

        var outcome = await questions.UpsertAsync(parsed.Rows, ct);

        // This instance shows the new bank at once; the others pick it up by their refresher.
        await bank.RefreshAsync(ct);
        return Results.Json(new { ok = true, errors = Array.Empty<object>(), outcome.Added, outcome.Updated, total = bank.Current.All.Count }, ApiErrors.Json);
    }

    private static IResult SummaryAsync(QuestionBankCache bank)
    {
        var all = bank.Current.All;
        return Results.Json(new
        {
            total = all.Count,
            categories = all.GroupBy(q => q.Category).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new { name = g.Key, count = g.Count() }),
        }, ApiErrors.Json);
    }
}
