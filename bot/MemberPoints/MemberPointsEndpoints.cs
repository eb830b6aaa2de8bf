using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BranchBot.Bot.Admin;
using BranchBot.Core.MemberPoints;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Bot.MemberPoints;

/// <summary>党员积分: a member's ledger explained, a branch's yearly ranking, 志愿服务 recorded and revoked by the secretary.</summary>
internal static class MemberPointsEndpoints
{
    public static RouteGroupBuilder MapMemberPointsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/points/ranking", RankingAsync);
        api.MapGet("/points/members/{memberId}", LedgerAsync);

        // Changes name a member: MemberScope loads them and applies the role rule (only members below the caller).
        var member = api.MapScoped<Member>("/points/members");
        member.MapPost("/{id}/volunteer", VolunteerAsync);
        member.MapDelete("/{id}/entries/{source}", RevokeAsync);
        return api;
    }

    private static async Task<Results<Ok<RankingView>, ValidationProblem>> RankingAsync(
        ClaimsPrincipal user, MemberPointsLedger ledger, IMemberStore members, TimeProvider time, string? branchId,
        [Range(2000, 2100, ErrorMessage = "year 应为 2000–2100 之间的年份")] int? year, CancellationToken ct)
    {
        if (user.BranchOrOwn(branchId) is not { } branch)
        {
            return ApiProblems.Invalid("branchId", "请指定 branchId");
        }

        var y = year ?? PointsEntry.Year0(time.GetUtcNow());
        var rows = await ledger.BranchAsync(branch, y, ct);
        var names = (await members.GetManyAsync(rows.Select(r => r.MemberId).ToList(), ct)).ToDictionary(m => m.Id, m => m.Name);
        return TypedResults.Ok(new RankingView(branch, y, rows.Select(r => new RankingRow(r.Rank, r.MemberId, names.GetValueOrDefault(r.MemberId, "（已移除）"), r.Total, r.EntryPoints, r.StudyFolded)).ToList()));
    }

    private static async Task<Results<Ok<LedgerView>, ProblemHttpResult, ValidationProblem>> LedgerAsync(
        ClaimsPrincipal user, string memberId, MemberPointsLedger ledger, IMemberStore members, MemberPointsOptions options, TimeProvider time,
        [Range(2000, 2100, ErrorMessage = "year 应为 2000–2100 之间的年份")] int? year, CancellationToken ct)
    {
        if (await members.GetMemberAsync(memberId, ct) is not { } member)
        {
            return ApiProblems.NotFound("找不到这位党员");
        }

        if (!user.Caller().MaySee(member.BranchId))
        {
            return ApiProblems.Forbidden();
        }

        var y = year ?? PointsEntry.Year0(time.GetUtcNow());
        var data = await ledger.YearAsync(member.Id, y, ct);
        return TypedResults.Ok(new LedgerView(member.Id, member.Name, member.BranchId, y, data.Total, data.EntryPoints, data.StudyPoints, data.StudyFolded, options.StudyPointsPerPoint,
            data.Entries.Select(e => new EntryView(e.Source, e.Kind.ToString(), KindName(e.Kind), e.Points, e.Reason, e.At, ChinaTime.Format(e.At), e.RecordedBy, e.MeetingId,
                e.Kind == PointsSourceKind.Volunteer)).ToList()));
    }

    private static async Task<Results<Ok<EntryView>, Created<EntryView>, ValidationProblem>> VolunteerAsync(
        InScope<Member> member, VolunteerRequest request, ClaimsPrincipal user, MemberPointsRecorder recorder, TimeProvider time, CancellationToken ct)
    {
        var m = member.Value;
        if (!m.IsActive)
        {
            return ApiProblems.Invalid("id", $"{m.Name} 已{MemberStandings.NameOf(m.Standing)}，不能再登记志愿服务积分。");
        }

        var result = await recorder.RecordVolunteerAsync(m.Id, m.BranchId, request.Points ?? 0, request.Reason, user.Caller().Name, time.GetUtcNow(), ct);
        if (result.Invalid is { } invalid)
        {
            return ApiProblems.Invalid(invalid);
        }

        var e = result.Entry!;
        var view = new EntryView(e.Source, e.Kind.ToString(), KindName(e.Kind), e.Points, e.Reason, e.At, ChinaTime.Format(e.At), e.RecordedBy, null, true);
        return result.Added ? TypedResults.Created($"/api/points/members/{m.Id}", view) : TypedResults.Ok(view);
    }

    /// <summary>Revokes a 志愿服务 entry (entries from attendance and 补学 follow their source and cannot be revoked by hand).</summary>
    private static async Task<Results<Ok<EntryView>, ProblemHttpResult, ValidationProblem>> RevokeAsync(
        InScope<Member> member, string source, ClaimsPrincipal user, IMemberPointsStore store, TimeProvider time,
        [Range(2000, 2100, ErrorMessage = "year 应为 2000–2100 之间的年份")] int? year, CancellationToken ct)
    {
        if (!source.StartsWith("vol:", StringComparison.Ordinal))
        {
            return ApiProblems.Invalid("source", "只能撤销书记登记的志愿服务积分；考勤和补学积分随其记录变化。");
        }

        var y = year ?? PointsEntry.Year0(time.GetUtcNow());
        if ((await store.ListPointsAsync(member.Value.Id, y, ct)).FirstOrDefault(e => e.Source == source) is { } entry && !user.Caller().MaySee(entry.BranchId))
        {
            // The entry counts in the branch where it was earned, whose ranking it changes.
            return ApiProblems.Forbidden("这条积分记录登记在其他党支部，请联系管理员撤销。");
        }

        var removed = await store.RemovePointsAsync(member.Value.Id, y, source, ct);
        return removed is { } e
            ? TypedResults.Ok(new EntryView(e.Source, e.Kind.ToString(), KindName(e.Kind), e.Points, e.Reason, e.At, ChinaTime.Format(e.At), e.RecordedBy, null, true))
            : ApiProblems.NotFound("没有这条积分记录，可能已撤销。");
    }

    internal static string KindName(PointsSourceKind kind) => kind switch
    {
        PointsSourceKind.Attendance => "考勤",
        PointsSourceKind.MakeUp => "补学",
        _ => "志愿服务",
    };

    internal sealed record VolunteerRequest(int? Points, string? Reason);

    internal sealed record EntryView(string Source, string Kind, string KindName, int Points, string Reason, DateTimeOffset At, string AtText, string? RecordedBy, string? MeetingId, bool Revocable);

    internal sealed record LedgerView(string MemberId, string Name, string BranchId, int Year, int Total, int EntryPoints, int StudyPoints, int StudyFolded, int StudyPointsPerPoint,
        IReadOnlyList<EntryView> Entries);

    internal sealed record RankingRow(int Rank, string MemberId, string Name, int Total, int EntryPoints, int StudyFolded);

    internal sealed record RankingView(string BranchId, int Year, IReadOnlyList<RankingRow> Rows);
}
