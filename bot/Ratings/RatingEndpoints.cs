using System.Security.Claims;
using BranchBot.Bot.Admin;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Ratings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Bot.Ratings;

/// <summary>
/// 星级: a branch's stars with the rule and measured value of each standard, its stars over time and its field's
/// ranking (亮晒比); the organisation's admin sets fields and awards 基本保障 and 特色 stars. A secretary sees their
/// own branch's stars and the ranking of their own branch's field (names, star counts and attendance rates of the
/// branches in it — the comparison is public by design), nothing of other branches' standards.
/// </summary>
internal static class RatingEndpoints
{
    private const string PeriodError = "期间格式有误，请写 2026-11（月）、2026-Q4（季度）或 2026（年）";

    public static RouteGroupBuilder MapRatingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/stars/form", Form);
        api.MapGet("/stars", ListAsync);
        api.MapGet("/stars/ranking", RankingAsync);
        api.MapGet("/stars/{branchId}", BranchAsync);
        api.MapGet("/stars/{branchId}/awards", AwardsAsync);
        api.MapPut("/stars/{branchId}/field", SetFieldAsync).RequireOrganisation();
        api.MapPost("/stars/{branchId}/awards", AwardAsync).RequireOrganisation();
        return api;
    }

    private static Ok<StarsForm> Form(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok(new StarsForm(
            BranchFields.All.Skip(1).Select(f => new OptionView(f.Field.ToString(), f.Name)).ToList(),
            Enum.GetValues<StarKind>().Where(StarNames.IsAwarded).Select(k => new OptionView(k.ToString(), StarNames.NameOf(k))).ToList(),
            RatingPeriod.Containing(now, CompliancePeriod.Quarter).Key, RatingPeriod.Containing(now, CompliancePeriod.Year).Key, RatingPeriod.Containing(now, CompliancePeriod.Month).Key));
    }

    /// <summary>Every branch in the caller's scope (a secretary: their own).</summary>
    private static async Task<Results<Ok<List<BranchStarsView>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, RatingService ratings, TimeProvider time, string? branchId, string? period, CancellationToken ct)
    {
        if (Period(period, time) is not { } p)
        {
            return ApiProblems.Invalid("period", PeriodError);
        }

        // One branch is judged alone: a secretary's read does not compute the whole organisation.
        var all = user.BranchOrOwn(branchId) is { } scope
            ? (await ratings.BranchAsync(scope, p, ct) is { } one ? [one] : [])
            : await ratings.AllAsync(p, ct);
        return TypedResults.Ok(all.Select(RatingViews.View).ToList());
    }

    private static async Task<Results<Ok<BranchPage>, ValidationProblem, ProblemHttpResult>> BranchAsync(
        string branchId, ClaimsPrincipal user, RatingService ratings, TimeProvider time, string? period, CancellationToken ct)
    {
        if (Period(period, time) is not { } p)
        {
            return ApiProblems.Invalid("period", PeriodError);
        }

        if (await ratings.BranchAsync(branchId, p, ct) is not { } stars)
        {
            return ApiProblems.NotFound("找不到这个党支部");
        }

        var history = await ratings.HistoryAsync(branchId, p, ct);
        // Branches without a field are no field to compare with: a secretary sees only their own place.
        var ranking = stars.Field == BranchField.Unset && user.Caller().BranchId is not null
            ? RatingService.Rank([stars])
            : await ratings.RankingAsync(stars.Field, p, ct);
        return TypedResults.Ok(new BranchPage(RatingViews.View(stars), history, RatingViews.Ranking(stars.Field, p, ranking)));
    }

    /// <summary>A field's ranking; a secretary only their own branch's field (the default for them).</summary>
    private static async Task<Results<Ok<RankingView>, ValidationProblem, ProblemHttpResult>> RankingAsync(
        ClaimsPrincipal user, RatingService ratings, IRatingStore store, TimeProvider time, string? field, string? period, CancellationToken ct)
    {
        if (Period(period, time) is not { } p)
        {
            return ApiProblems.Invalid("period", PeriodError);
        }

        var own = user.Caller().BranchId is { } branch ? (await store.GetFieldsAsync(ct)).GetValueOrDefault(branch) : (BranchField?)null;
        BranchField chosen;
        if (string.IsNullOrWhiteSpace(field))
        {
            if (own is null)
            {
                return ApiProblems.Invalid("field", "请选择领域");
            }

            chosen = own.Value;
        }
        else if ((field.Trim() == BranchField.Unset.ToString() ? BranchField.Unset : BranchFields.Parse(field)) is { } parsed)
        {
            chosen = parsed;
        }
        else
        {
            return ApiProblems.Invalid("field", "没有这个领域");
        }

        if (own is not null && (own != chosen || own == BranchField.Unset))
        {
            return ApiProblems.Forbidden(own == BranchField.Unset ? "本支部尚未设定所属领域，设定后可查看同领域排名" : "只能查看本支部所在领域的排名");
        }

        return TypedResults.Ok(RatingViews.Ranking(chosen, p, await ratings.RankingAsync(chosen, p, ct)));
    }

    private static async Task<Results<Ok<List<AwardView>>, ProblemHttpResult>> AwardsAsync(string branchId, IMemberStore members, IRatingStore store, CancellationToken ct)
    {
        if (!await IsBranchAsync(members, branchId, ct))
        {
            return ApiProblems.NotFound("找不到这个党支部");
        }

        return TypedResults.Ok((await store.GetAwardsAsync(branchId, ct)).Select(RatingViews.Award).ToList());
    }

    private static async Task<Results<Ok<OptionView>, ValidationProblem, ProblemHttpResult>> SetFieldAsync(
        string branchId, FieldRequest request, IMemberStore members, IRatingStore store, CancellationToken ct)
    {
        if (BranchFields.Parse(request.Field) is not { } field)
        {
            return ApiProblems.Invalid("field", "请选择领域：" + string.Join("、", BranchFields.All.Skip(1).Select(f => f.Name)));
        }

        if (!await IsBranchAsync(members, branchId, ct))
        {
            return ApiProblems.NotFound("找不到这个党支部");
        }

        await store.SetFieldAsync(branchId, field, ct);
        return TypedResults.Ok(new OptionView(field.ToString(), BranchFields.NameOf(field)));
    }

    /// <summary>Awards or withdraws 基本保障 or a 特色 star, with the reason; the same change twice changes nothing.</summary>
    private static async Task<Results<Ok<AwardResult>, ValidationProblem, ProblemHttpResult>> AwardAsync(
        string branchId, AwardRequest request, ClaimsPrincipal user, IMemberStore members, IRatingStore store, TimeProvider time, CancellationToken ct)
    {
        if (!StarNames.TryParse(request.Star, out var star) || !StarNames.IsAwarded(star))
        {
            return ApiProblems.Invalid("star", "只能评定基本保障和特色星；其他基本星由系统按标准评定");
        }

        var reason = request.Reason?.Trim() ?? string.Empty;
        if (reason.Length is < 2 or > 200)
        {
            return ApiProblems.Invalid("reason", "请填写理由（2 至 200 字）");
        }

        if (!await IsBranchAsync(members, branchId, ct))
        {
            return ApiProblems.NotFound("找不到这个党支部");
        }

        var change = await store.ChangeAwardAsync(new StarAward(branchId, star, request.Awarded ?? true, reason, user.Caller().Name, time.GetUtcNow()), ct);
        return TypedResults.Ok(new AwardResult(change.Applied, change.Current is { } current ? RatingViews.Award(current) : null));
    }

    private static async Task<bool> IsBranchAsync(IMemberStore members, string branchId, CancellationToken ct) =>
        (await members.ListUnitsAsync(ct)).Any(u => u.Id == branchId && u.Kind == OrgUnitKind.Branch);

    /// <summary>The period asked for; the current quarter when none is.</summary>
    internal static RatingPeriod? Period(string? key, TimeProvider time) =>
        string.IsNullOrWhiteSpace(key) ? RatingPeriod.Containing(time.GetUtcNow(), CompliancePeriod.Quarter) : RatingPeriod.Parse(key);

    internal sealed record FieldRequest(string? Field);

    internal sealed record AwardRequest(string? Star, bool? Awarded, string? Reason);

    internal sealed record AwardResult(bool Changed, AwardView? Current);
}
