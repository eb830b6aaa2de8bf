using System.Security.Claims;
using BranchBot.Bot.Admin;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Bot.Meetings;

/// <summary>补学 in the admin API: a meeting's tasks, a branch's open tasks, confirm, and record done on a member's behalf.</summary>
internal static class MakeUpEndpoints
{
    public static RouteGroupBuilder MapMakeUpEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/makeups", BranchAsync);

        // MeetingScope loads the meeting once and refuses one outside the caller's branch.
        var meeting = api.MapScoped<Meeting>("/meetings");
        meeting.MapGet("/{id}/makeups", ListAsync);
        meeting.MapPost("/{id}/makeups/{memberId}/confirm", ConfirmAsync);
        meeting.MapPost("/{id}/makeups/{memberId}/done", DoneAsync);
        return api;
    }

    private static async Task<Ok<List<MakeUpView>>> ListAsync(InScope<Meeting> meeting, ClaimsPrincipal user, IMakeUpStore makeUps, IMemberStore members, TimeProvider time, CancellationToken ct)
    {
        var tasks = await makeUps.ListForMeetingAsync(meeting.Value.Id, ct);
        return TypedResults.Ok(await ViewsAsync(user, tasks.Select(t => (meeting.Value, t)).ToList(), members, time.GetUtcNow(), ct));
    }

    /// <summary>The branch's 补学 over meetings of the last year; <c>all=true</c> includes confirmed ones.</summary>
    private static async Task<Results<Ok<List<MakeUpView>>, ValidationProblem>> BranchAsync(
        ClaimsPrincipal user, IMeetingStore meetings, IMakeUpStore makeUps, IMemberStore members, TimeProvider time, string? branchId, bool? all, CancellationToken ct)
    {
        if (user.BranchOrOwn(branchId) is not { } branch)
        {
            return ApiProblems.Invalid("branchId", "请指定 branchId");
        }

        var now = time.GetUtcNow();
        var list = (await meetings.ListByBranchAsync(branch, now.AddDays(-366), now, ct)).Where(m => m.Status == MeetingStatus.Scheduled).ToList();
        var tasks = await Task.WhenAll(list.Select(m => makeUps.ListForMeetingAsync(m.Id, ct)));
        var pairs = list.Zip(tasks).SelectMany(p => p.Second.Select(t => (p.First, t)))
            .Where(p => all == true || p.t.State != MakeUpState.Confirmed)
            .OrderBy(p => p.t.State == MakeUpState.Done ? 0 : 1).ThenBy(p => p.t.Deadline).ToList();
        return TypedResults.Ok(await ViewsAsync(user, pairs, members, now, ct));
    }

    private static async Task<Results<Ok<MakeUpChangeView>, ProblemHttpResult>> ConfirmAsync(
        InScope<Meeting> meeting, string memberId, ClaimsPrincipal user, IMemberStore members, IMakeUpStore makeUps, MakeUpService service, TimeProvider time, CancellationToken ct)
    {
        if (await RefusalAsync(user, memberId, members, ct) is { } refused)
        {
            return refused;
        }

        if ((await makeUps.ListForMeetingAsync(meeting.Value.Id, ct)).FirstOrDefault(t => t.MemberId == memberId) is not { } task)
        {
            return ApiProblems.NotFound("这位党员没有这次会议的补学");
        }

        var outcome = await service.ConfirmAsync(meeting.Value, task, ct);
        return outcome.Changed || outcome.Task?.State == MakeUpState.Confirmed
            ? TypedResults.Ok(new MakeUpChangeView(outcome.Changed, outcome.Text, MakeUpService.StateName(outcome.Task!, time.GetUtcNow())))
            : ApiProblems.Conflict(outcome.Text);
    }

    private static async Task<Results<Ok<MakeUpChangeView>, ProblemHttpResult, ValidationProblem>> DoneAsync(
        InScope<Meeting> meeting, string memberId, MakeUpDoneRequest request, ClaimsPrincipal user, IMemberStore members, IMakeUpStore makeUps, MakeUpService service, TimeProvider time, CancellationToken ct)
    {
        if (await RefusalAsync(user, memberId, members, ct) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(request.Note) || request.Note.Trim().Length > MakeUpService.MaxNote)
        {
            return ApiProblems.Invalid("note", $"请写明学习内容（{MakeUpService.MaxNote} 字以内）。");
        }

        if ((await makeUps.ListForMeetingAsync(meeting.Value.Id, ct)).FirstOrDefault(t => t.MemberId == memberId) is not { } task)
        {
            return ApiProblems.NotFound("这位党员没有这次会议的补学");
        }

        var outcome = await service.RecordDoneAsync(task, request.Note, ct);
        // The same note again (a retry after a lost answer) is the same report: answered as done, changing nothing.
        var repeat = !outcome.Changed && outcome.Task is { State: not MakeUpState.Owed } t && t.Note == request.Note.Trim();
        return outcome.Changed || repeat
            ? TypedResults.Ok(new MakeUpChangeView(outcome.Changed, outcome.Text, MakeUpService.StateName(outcome.Task!, time.GetUtcNow())))
            : ApiProblems.Conflict(outcome.Text);
    }

    /// <summary>
    /// Confirming or recording 补学 acts on the member: the role rule applies (a secretary confirms neither their own
    /// 补学 nor that of a member whose role is not below theirs).
    /// </summary>
    private static async Task<ProblemHttpResult?> RefusalAsync(ClaimsPrincipal user, string memberId, IMemberStore members, CancellationToken ct)
    {
        if (await members.GetMemberAsync(memberId, ct) is not { } member)
        {
            return ApiProblems.NotFound("这位党员没有这次会议的补学");
        }

        var refusal = RoleRule.Check(Actor.OfConsole(user.Caller().BranchId), member);
        return refusal == RoleRefusal.None ? null : ApiProblems.Forbidden(RoleRule.Explain(refusal, member.Name, member.Role));
    }

    /// <summary>The tasks as the console lists them; <c>MayAct</c> says whether this caller may confirm or record each (the role rule).</summary>
    private static async Task<List<MakeUpView>> ViewsAsync(ClaimsPrincipal user, IReadOnlyList<(Meeting Meeting, MakeUpTask Task)> tasks, IMemberStore members, DateTimeOffset now, CancellationToken ct)
    {
        var actor = Actor.OfConsole(user.Caller().BranchId);
        var found = (await members.GetManyAsync(tasks.Select(t => t.Task.MemberId).Distinct().ToList(), ct)).ToDictionary(m => m.Id);
        return tasks.Select(p => new MakeUpView(p.Meeting.Id, p.Meeting.Title, ChinaTime.Format(p.Meeting.Start), p.Task.MemberId, found.GetValueOrDefault(p.Task.MemberId)?.Name,
            p.Task.State.ToString(), MakeUpService.StateName(p.Task, now), MakeUpService.Overdue(p.Task, now), p.Task.Deadline, ChinaTime.Format(p.Task.Deadline),
            p.Task.Note, p.Task.DoneAt, p.Task.ConfirmedAt,
            found.GetValueOrDefault(p.Task.MemberId) is { } m && RoleRule.Check(actor, m) == RoleRefusal.None)).ToList();
    }

    internal sealed record MakeUpDoneRequest(string? Note);

    internal sealed record MakeUpView(string MeetingId, string MeetingTitle, string MeetingStartText, string MemberId, string? Name, string State, string StateName, bool Overdue,
        DateTimeOffset Deadline, string DeadlineText, string? Note, DateTimeOffset? DoneAt, DateTimeOffset? ConfirmedAt, bool MayAct);

    internal sealed record MakeUpChangeView(bool Changed, string Message, string StateName);
}
