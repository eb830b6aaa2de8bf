using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using BranchBot.Core.Common;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using Microsoft.AspNetCore.Http.HttpResults;

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
        api.MapPost("/questions/import", ImportQuestionsAsync).AcceptsImportFile().RequireOrganisation();
        api.MapGet("/questions/summary", Summary);
        return api;
    }

    private static async Task<Ok<RankingView>> RankingsAsync(ClaimsPrincipal user, IRankingStore rankings, IMemberStore members, TimeProvider time, string? branchId,
        [AllowedValues(null, "week", "month", "all", ErrorMessage = "period 只能是 week、month 或 all")] string? period, CancellationToken ct)
    {
        var branch = user.BranchOrOwn(branchId);
        var periods = StudyPeriods.For(time.GetUtcNow());
        var key = (period ?? "week") switch
        {
            "month" => periods.Month,
            "all" => StudyPeriods.AllTime,
            _ => periods.Week,
        };

        var scope = new RankingScope(branch);
        var topTask = rankings.TopAsync(scope, key, RankingSize, ct);
        var countTask = rankings.CountAsync(scope, key, ct);
        var unitsTask = members.ListUnitsAsync(ct);
        var top = await topTask;
        var people = (await members.GetManyAsync(top.Select(e => e.MemberId).ToList(), ct)).ToDictionary(m => m.Id);
        var units = (await unitsTask).ToDictionary(u => u.Id, u => u.Name);
        return TypedResults.Ok(new RankingView(period ?? "week", branch, await countTask, top.Select(e => new RankingRow(
            e.Rank,
            e.MemberId,
            people.TryGetValue(e.MemberId, out var m) ? m.Name : "（已移除）",
            m is null ? null : units.GetValueOrDefault(m.BranchId),
            e.Points)).ToList()));
    }

    private static async Task<Ok<ParticipationView>> ParticipationAsync(ClaimsPrincipal user, IRankingStore rankings, TimeProvider time, string? branchId,
        [Range(1, 366, ErrorMessage = "days 应为 1–366 之间的整数")] int? days, CancellationToken ct)
    {
        var branch = user.BranchOrOwn(branchId);
        var count = days ?? 30;

        // The day rankings hold everyone who earned points that China day; their sizes, read together.
        var today = StudyPeriods.ChinaDate(time.GetUtcNow());
        var dates = Enumerable.Range(0, count).Select(i => today.AddDays(i - count + 1)).ToArray();
        var scope = new RankingScope(branch);
        var sizes = await Task.WhenAll(dates.Select(d => rankings.CountAsync(scope, "d:" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ct)));
        return TypedResults.Ok(new ParticipationView(branch,
            dates.Zip(sizes).Select(p => new DayParticipation(p.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Second)).ToList()));
    }

    private static async Task<Ok<List<WrongQuestion>>> WrongQuestionsAsync(IStudyStore study, QuestionBankCache bank,
        [Range(1, 100, ErrorMessage = "count 应为 1–100 之间的整数")] int? count, CancellationToken ct)
    {
        var top = await study.MostWrongAsync(count ?? 10, ct);
        return TypedResults.Ok(top.Select(w => bank.Current.Find(w.QuestionId) is { } q
            ? new WrongQuestion(w.QuestionId, q.Stem, q.Category, w.Wrong)
            : new WrongQuestion(w.QuestionId, "（题库中已没有这道题）", null, w.Wrong)).ToList());
    }

    private static async Task<Results<Ok<QuestionImport>, ValidationProblem>> ImportQuestionsAsync(UploadedFile file, IQuestionStore questions, QuestionBankCache bank, ISpreadsheetReader sheets, string? name, CancellationToken ct)
    {
        // A spreadsheet is known by its content, whatever it is called; other files by the name's extension.
        var fileName = string.IsNullOrWhiteSpace(name) ? "bank.json" : name.Trim();
        var sheet = sheets.Recognises(file.Content);
        if (!sheet && !fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Invalid("name", "题库文件应为 .json、.csv 或 .xlsx");
        }

        var parsed = QuestionBankParser.Parse(file.Content, fileName, sheets);
        if (!parsed.Ok)
        {
            return TypedResults.Ok(new QuestionImport(false, ImportRow.Of(parsed.Errors), 0, 0, bank.Current.All.Count));
        }

        var outcome = await questions.UpsertAsync(parsed.Rows, ct);

        // This instance shows the new bank at once; the others pick it up by their refresher.
        await bank.RefreshAsync(ct);
        return TypedResults.Ok(new QuestionImport(true, [], outcome.Added, outcome.Updated, bank.Current.All.Count));
    }

    private static Ok<BankSummary> Summary(QuestionBankCache bank)
    {
        var all = bank.Current.All;
        return TypedResults.Ok(new BankSummary(all.Count, all.GroupBy(q => q.Category).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CategoryCount(g.Key, g.Count())).ToList()));
    }

    internal sealed record RankingRow(int Rank, string MemberId, string Name, string? BranchName, int Points);

    internal sealed record RankingView(string Period, string? BranchId, long Participants, IReadOnlyList<RankingRow> Items);

    internal sealed record DayParticipation(string Date, long Participants);

    internal sealed record ParticipationView(string? BranchId, IReadOnlyList<DayParticipation> Days);

    internal sealed record WrongQuestion(string QuestionId, string Text, string? Category, long Wrong);

    internal sealed record QuestionImport(bool Ok, IReadOnlyList<ImportRow> Errors, int Added, int Updated, int Total);

    internal sealed record CategoryCount(string Name, int Count);

    internal sealed record BankSummary(int Total, IReadOnlyList<CategoryCount> Categories);
}

/// <summary>One refused row of an imported file, as the console lists it.</summary>
internal sealed record ImportRow(int Row, string Message, string Text)
{
    public static IReadOnlyList<ImportRow> Of(IEnumerable<ImportError> errors) => errors.Select(e => new ImportRow(e.Line, e.Message, e.ToString())).ToList();
}
