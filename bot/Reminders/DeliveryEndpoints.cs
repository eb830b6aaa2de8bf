using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Reminders;

/// <summary>Delivery outcomes of a branch's notices (meetings and 三会一课 warnings), and retrying a failed one.</summary>
internal static class DeliveryEndpoints
{
    public static RouteGroupBuilder MapDeliveryEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/deliveries", ListAsync);
        api.MapPost("/deliveries/retry", RetryAsync);
        api.MapGet("/deliveries/problems", ProblemsAsync);
        api.MapDelete("/deliveries/problems/{key}", DismissAsync).RequireOrganisation();
        return api;
    }

    private static async Task<Ok<DeliveryPage>> ListAsync(ClaimsPrincipal user, IMemberStore members, IMeetingStore meetings, IReminderQueue queue, TimeProvider time,
        string? branchId,
        [AllowedValues(null, "", "sent", "failed", "skipped", ErrorMessage = "status 只能是 sent、failed 或 skipped")] string? status,
        [Range(1, 366, ErrorMessage = "days 应为 1–366 之间的整数")] int? days,
        [Range(1, 5000, ErrorMessage = "count 应为 1–5000 之间的整数")] int? count,
        CancellationToken ct)
    {
        var scope = user.BranchOrOwn(branchId);
        DeliveryStatus? wanted = string.IsNullOrEmpty(status) ? null : Enum.Parse<DeliveryStatus>(status, ignoreCase: true);
        var units = await members.ListUnitsAsync(ct);
        var branches = units.Where(u => u.Kind == OrgUnitKind.Branch && (scope is null || u.Id == scope)).Select(u => u.Id).ToList();
        var now = time.GetUtcNow();
        var since = now.AddDays(-(days ?? 30));

        // Reads go out together per step (meetings, then outcomes and queues), not one meeting after another.
        var lists = await Task.WhenAll(branches.Select(b => meetings.ListByBranchAsync(b, since, now.AddDays(366), ct)));
        var titles = lists.SelectMany(l => l).ToDictionary(m => m.Id, m => m.Title);
        var sources = titles.Keys.Concat(branches.Select(b => "compliance:" + b)).ToList();
        var outcomes = await Task.WhenAll(sources.Select(id => queue.ListOutcomesAsync(id, ct)));
        var queued = await Task.WhenAll(sources.Select(id => queue.ListAsync(id, ct)));

        var rows = sources.Select((id, i) => (Outcomes: outcomes[i], Queued: queued[i]))
            .SelectMany(s => s.Outcomes.Select(o => (Outcome: o, Retryable: DeliveryRetry.IsRetryable(o, s.Outcomes, s.Queued))))
            .Where(r => r.Outcome.At >= since && (wanted is null || r.Outcome.Status == wanted))
            .OrderByDescending(r => r.Outcome.At)
            .ToList();
        var page = rows.Take(count ?? 500).ToList();
        var names = (await members.GetManyAsync(page.Select(r => r.Outcome.MemberId).Distinct().ToList(), ct)).ToDictionary(m => m.Id, m => m.Name);
        return TypedResults.Ok(new DeliveryPage(rows.Count, page.Select(r => new DeliveryRow(
            r.Outcome.MeetingId,
            titles.GetValueOrDefault(r.Outcome.MeetingId) ?? (r.Outcome.Kind switch { ReminderKind.Compliance => "组织生活提醒", ReminderKind.Bulletin => "工作通报", _ => null }),
            r.Outcome.JobId,
            r.Outcome.Kind.ToString(),
            DeliveryLabels.KindName(r.Outcome.Kind),
            r.Outcome.MemberId,
            names.GetValueOrDefault(r.Outcome.MemberId),
            r.Outcome.Channel?.ToString(),
            DeliveryLabels.ChannelName(r.Outcome.Channel),
            r.Outcome.Status.ToString().ToLowerInvariant(),
            DeliveryLabels.StatusName(r.Outcome.Status, r.Outcome.Channel),
            r.Outcome.Detail,
            r.Outcome.At,
            ChinaTime.Format(r.Outcome.At),
            r.Retryable)).ToList()));
    }

    private static async Task<Results<Ok<RetryView>, ProblemHttpResult>> RetryAsync(RetryRequest request, ClaimsPrincipal user, IMeetingStore meetings, DeliveryRetry retry, IAuthorizationService authorization, CancellationToken ct)
    {
        // 三会一课 warnings are recorded under "compliance:<branch>"; everything else under its meeting.
        var branch = request.MeetingId!.StartsWith("compliance:", StringComparison.Ordinal)
            ? request.MeetingId["compliance:".Length..]
            : (await meetings.GetMeetingAsync(request.MeetingId, ct))?.BranchId;
        if (branch is null)
        {
            return ApiProblems.NotFound("找不到这个会议");
        }

        if (!(await authorization.AuthorizeAsync(user, new BranchScope(branch), InScopeRequirement.Instance)).Succeeded)
        {
            return ApiProblems.Forbidden();
        }

        var result = await retry.RetryAsync(request.MeetingId, request.JobId!, ct);
        return result.Error is { } refused
            ? ApiProblems.Conflict(refused)
            : TypedResults.Ok(new RetryView(result.Queued, result.JobId, result.Queued ? "已重新排队发送" : "已在重试中，不会重复发送"));
    }

    /// <summary>
    /// Refusals caused by our settings (a template field, an SMS parameter or template), one row per cause: the
    /// organisation's admin fixes them in the settings. A secretary sees that notices are affected, not the settings.
    /// </summary>
    private static async Task<Ok<List<DeliveryProblemView>>> ProblemsAsync(ClaimsPrincipal user, IDeliveryProblems problems, CancellationToken ct)
    {
        var list = await problems.ListProblemsAsync(ct);
        var admin = user.Caller().IsAdmin;
        return TypedResults.Ok(list.Select(p => new DeliveryProblemView(
            admin ? p.Key : null,
            p.Channel.ToString(),
            DeliveryLabels.ChannelName(p.Channel)!,
            admin ? p.Setting : null,
            p.Code,
            admin ? p.Detail : null,
            Explain(p),
            p.Count,
            p.FirstSeen,
            ChinaTime.Format(p.FirstSeen),
            p.LastSeen,
            ChinaTime.Format(p.LastSeen))).ToList());
    }

    private static async Task<Results<Ok<ProblemDismissed>, ProblemHttpResult>> DismissAsync(string key, IDeliveryProblems problems, CancellationToken ct) =>
        await problems.DismissProblemAsync(key, ct) ? TypedResults.Ok(new ProblemDismissed(true)) : ApiProblems.NotFound("没有这条配置问题");

    private static string Explain(DeliveryProblem p) => p.Channel == DeliveryChannel.Template
        ? p.Code == "47003"
            ? "微信拒收了模板字段的取值，相关通知已改发短信。请管理员按所选模板的字段类型调整模板字段设置。"
            : $"微信拒收了模板消息（{p.Code}），相关通知已改发短信。请管理员检查模板编号与字段设置。"
        : $"短信服务商拒收了短信（{p.Code}），相关通知未能送达。请管理员检查短信模板与参数设置。";

    internal sealed record RetryRequest(
        [property: Required(AllowEmptyStrings = false, ErrorMessage = "meetingId 必填")] string? MeetingId,
        [property: Required(AllowEmptyStrings = false, ErrorMessage = "jobId 必填")] string? JobId);

    internal sealed record DeliveryRow(string MeetingId, string? MeetingTitle, string JobId, string Kind, string KindName, string MemberId, string? Name,
        string? Channel, string? ChannelName, string Status, string StatusName, string? Detail, DateTimeOffset At, string AtText, bool Retryable);

    internal sealed record DeliveryPage(int Total, IReadOnlyList<DeliveryRow> Items);

    internal sealed record RetryView(bool Queued, string? JobId, string Message);

    internal sealed record DeliveryProblemView(string? Key, string Channel, string ChannelName, string? Setting, string Code, string? Detail, string Message,
        long Count, DateTimeOffset FirstSeen, string FirstSeenText, DateTimeOffset LastSeen, string LastSeenText);

    internal sealed record ProblemDismissed(bool Dismissed);
}
