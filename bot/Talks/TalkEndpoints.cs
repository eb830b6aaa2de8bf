using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BranchBot.Bot.Admin;
using BranchBot.Core.MemberPoints;
using BranchBot.Core.Members;
using BranchBot.Core.Talks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Bot.Talks;

/// <summary>谈心谈话: a branch's talks this year with the yearly rule per member; record one.</summary>
internal static class TalkEndpoints
{
    public static RouteGroupBuilder MapTalkEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/talks", ListAsync);
        api.MapPost("/talks", RecordAsync);
        return api;
    }

    private static async Task<Results<Ok<TalkYearView>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, TalkService talks, IMemberStore members, TimeProvider time, string? branchId,
        [Range(2000, 2100, ErrorMessage = "year 应为 2000–2100 之间的年份")] int? year, CancellationToken ct)
    {
        if (user.BranchOrOwn(branchId) is not { } branch)
        {
            return ApiProblems.Invalid("branchId", "请指定 branchId");
        }

        var (compliance, list) = await talks.YearAsync(branch, year ?? PointsEntry.Year0(time.GetUtcNow()), ct);
        return TypedResults.Ok(await ViewAsync(branch, compliance, list, members, ct));
    }

    private static async Task<Results<Created<TalkView>, Ok<TalkView>, ValidationProblem>> RecordAsync(
        TalkRequest request, ClaimsPrincipal user, TalkService talks, IMemberStore members, CancellationToken ct)
    {
        if (user.BranchOrOwn(request.BranchId) is not { } branch)
        {
            return ApiProblems.Invalid("branchId", "请选择党支部");
        }

        if (string.IsNullOrWhiteSpace(request.MemberA) || string.IsNullOrWhiteSpace(request.MemberB))
        {
            return ApiProblems.Invalid(string.IsNullOrWhiteSpace(request.MemberA) ? "memberA" : "memberB", "请选择谈话的两位党员");
        }

        var result = await talks.RecordAsync(branch, request.MemberA.Trim(), request.MemberB.Trim(), request.Date, request.Note, user.Caller().Name, ct);
        if (result.Invalid is { } invalid)
        {
            return ApiProblems.Invalid(invalid);
        }

        var view = (await ViewsAsync([result.Talk!], members, ct))[0];
        return result.Added ? TypedResults.Created($"/api/talks?branchId={branch}", view) : TypedResults.Ok(view);
    }

    internal static async Task<TalkYearView> ViewAsync(string branchId, TalkCompliance compliance, IReadOnlyList<Talk> talks, IMemberStore members, CancellationToken ct) =>
        new(branchId, compliance.Year, compliance.Line, TalkCompliance.Rule, compliance.Kept, compliance.MembersKept, compliance.Members, compliance.CommitteePairsKept, compliance.CommitteePairs,
            compliance.Rows.Select(r => new TalkRowView(r.MemberId, r.Name, r.PostName, r.OnCommittee, r.Talks, r.WithCommittee, r.CommitteeMissing, r.Kept)).ToList(),
            await ViewsAsync(talks, members, ct));

    private static async Task<List<TalkView>> ViewsAsync(IReadOnlyList<Talk> talks, IMemberStore members, CancellationToken ct)
    {
        var names = (await members.GetManyAsync(talks.SelectMany(t => new[] { t.MemberA, t.MemberB }).Distinct().ToList(), ct)).ToDictionary(m => m.Id, m => m.Name);
        return talks.Select(t => new TalkView(t.Id, t.MemberA, names.GetValueOrDefault(t.MemberA, "（已移除）"), t.MemberB, names.GetValueOrDefault(t.MemberB, "（已移除）"),
            t.Date, t.Note, t.RecordedBy, t.RecordedAt)).Reverse().ToList();
    }

    internal sealed record TalkRequest(string? BranchId, string? MemberA, string? MemberB, DateOnly? Date, string? Note) : IBranchScoped;

    internal sealed record TalkView(string Id, string MemberA, string NameA, string MemberB, string NameB, DateOnly Date, string? Note, string RecordedBy, DateTimeOffset RecordedAt);

    internal sealed record TalkRowView(string MemberId, string Name, string PostName, bool OnCommittee, int Talks, bool WithCommittee, IReadOnlyList<string> CommitteeMissing, bool Kept);

    internal sealed record TalkYearView(string BranchId, int Year, string Line, string Rule, bool Kept, int MembersKept, int Members, int CommitteePairsKept, int CommitteePairs,
        IReadOnlyList<TalkRowView> Rows, IReadOnlyList<TalkView> Talks);
}
