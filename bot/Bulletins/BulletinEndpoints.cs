using System.Security.Claims;
using BranchBot.Adapters.Documents.Docx;
using BranchBot.Bot.Admin;
using BranchBot.Core.Bulletins;
using BranchBot.Core.Ratings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Bot.Bulletins;

/// <summary>
/// Past monthly bulletins (通报) and their Word documents. The organisation's admin reads every branch's line; a
/// secretary the organisation's totals and their own branch's line only.
/// </summary>
internal static class BulletinEndpoints
{
    public static RouteGroupBuilder MapBulletinEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/bulletins", ListAsync);
        api.MapGet("/bulletins/{period}", GetAsync);
        api.MapGet("/bulletins/{period}/document", DocumentAsync)
            .Produces(StatusCodes.Status200OK, contentType: BulletinDocument.ContentType);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<BulletinSummary>>> ListAsync(IBulletinStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListBulletinsAsync(ct));

    private static async Task<Results<Ok<Bulletin>, ValidationProblem, ProblemHttpResult>> GetAsync(string period, ClaimsPrincipal user, IBulletinStore store, CancellationToken ct) =>
        await FindAsync(period, user, store, ct) switch
        {
            (null, { } invalid, _) => invalid,
            (null, _, { } missing) => missing,
            ({ } bulletin, _, _) => TypedResults.Ok(bulletin),
            _ => ApiProblems.NotFound("这个月没有通报"),
        };

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> DocumentAsync(string period, ClaimsPrincipal user, IBulletinStore store, CancellationToken ct) =>
        await FindAsync(period, user, store, ct) switch
        {
            (null, { } invalid, _) => invalid,
            (null, _, { } missing) => missing,
            ({ } bulletin, _, _) => TypedResults.File(BulletinDocument.Write(bulletin), BulletinDocument.ContentType, $"bulletin-{bulletin.PeriodKey}.docx"),
            _ => ApiProblems.NotFound("这个月没有通报"),
        };

    /// <summary>The month's bulletin as the caller may see it: a secretary's holds only their branch's row.</summary>
    private static async Task<(Bulletin?, ValidationProblem?, ProblemHttpResult?)> FindAsync(string period, ClaimsPrincipal user, IBulletinStore store, CancellationToken ct)
    {
        if (RatingPeriod.Parse(period) is not { Kind: Core.Meetings.CompliancePeriod.Month } month)
        {
            return (null, ApiProblems.Invalid("period", "月份格式有误，请写 2026-11"), null);
        }

        if (await store.GetBulletinAsync(month.Key, ct) is not { } bulletin)
        {
            return (null, null, ApiProblems.NotFound("这个月没有通报"));
        }

        return user.Caller().BranchId is { } branch
            ? (bulletin with { Rows = bulletin.Rows.Where(r => r.BranchId == branch).ToList() }, null, null)
            : (bulletin, null, null);
    }
}
