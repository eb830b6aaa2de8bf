using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;

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
        api.MapDelete("/deliveries/problems/{key}", DismissAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, IMemberStore members, IMeetingStore meetings, IReminderQueue queue, TimeProvider time,
        string? branchId, string? status, string? days, string? count, CancellationToken ct)
    {
        var (scope, denied) = ApiRequests.Scope(http, branchId);
        var (span, daysError) = ApiRequests.Number(days, "days", 30, 1, 366);
        var (limit, countError) = ApiRequests.Number(count, "count", 500, 1, 5000);
        if ((denied ?? daysError ?? countError) is { } refused)
        {
            return refused;
        }

        DeliveryStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return ApiErrors.FieldError("status", "status 只能是 sent、failed 或 skipped");
            }

            wanted = parsed;
        }

        var units = await members.ListUnitsAsync(ct);
        var branches = units.Where(u => u.Kind == OrgUnitKind.Branch && (scope is null || u.Id == scope)).Select(u => u.Id).ToList();
        var now = time.GetUtcNow();
        var since = now.AddDays(-span);

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
        var page = rows.Take(limit).ToList();
        var names = (await members.GetManyAsync(page.Select(r => r.Outcome.MemberId).Distinct().ToList(), ct)).ToDictionary(m => m.Id, m => m.Name);
        return Results.Json(new
        {
            total = rows.Count,
            items = page.Select(r => new
            {
                r.Outcome.MeetingId,
                meetingTitle = titles.GetValueOrDefault(r.Outcome.MeetingId) ?? (r.Outcome.Kind == ReminderKind.Compliance ? "组织生活提醒" : null),
                r.Outcome.JobId,
                kind = r.Outcome.Kind.ToString(),
                kindName = KindName(r.Outcome.Kind),
                r.Outcome.MemberId,
                name = names.GetValueOrDefault(r.Outcome.MemberId),
                channel = r.Outcome.Channel?.ToString(),
                status = r.Outcome.Status.ToString().ToLowerInvariant(),
                statusName = r.Outcome.Status switch { DeliveryStatus.Sent => "已发送", DeliveryStatus.Failed => "失败", _ => "未发送" },
                r.Outcome.Detail,
                r.Outcome.At,
                atText = ChinaTime.Format(r.Outcome.At),
                r.Retryable,
            }),
        }, ApiErrors.Json);
    }

    private static async Task<IResult> RetryAsync(HttpContext http, IMeetingStore meetings, DeliveryRetry retry, CancellationToken ct)
    {
        var (request, error) = await ApiJson.ReadAsync<RetryRequest>(http);
        if (request is null)
        {
            return error!;
        }

        if (string.IsNullOrWhiteSpace(request.MeetingId))
        {
            return ApiErrors.FieldError("meetingId", "meetingId 必填");
        }

        if (string.IsNullOrWhiteSpace(request.JobId))
        {
            return ApiErrors.FieldError("jobId", "jobId 必填");
        }

        // 三会一课 warnings are recorded under "compliance:<branch>"; everything else under its meeting.
        var branch = request.MeetingId.StartsWith("compliance:", StringComparison.Ordinal)
            ? request.MeetingId["compliance:".Length..]
            : (await meetings.GetMeetingAsync(request.MeetingId, ct))?.BranchId;
        if (branch is null)
        {
            return ApiErrors.NotFound("找不到这个会议");
        }

        if (!http.Caller().MaySee(branch))
        {
            return ApiErrors.Forbidden();
        }

        var result = await retry.RetryAsync(request.MeetingId, request.JobId, ct);
        return result.Error is { } refused
            ? ApiErrors.Conflict(refused)
            : Results.Json(new { queued = result.Queued, jobId = result.JobId, message = result.Queued ? "已重新排队发送" : "已在重试中，不会重复发送" }, ApiErrors.Json);
    }

    /// <summary>
    /// Refusals caused by our settings (a template field, an SMS parameter or template), one row per cause: the
    /// organisation's admin fixes them in the settings. A secretary sees that notices are affected, not the settings.
    /// </summary>
    private static async Task<IResult> ProblemsAsync(HttpContext http, IDeliveryProblems problems, CancellationToken ct)
    {
        var list = await problems.ListProblemsAsync(ct);
        var admin = http.Caller().IsAdmin;
        return Results.Json(list.Select(p => new
        {
            key = admin ? p.Key : null,
            channel = p.Channel.ToString(),
            channelName = p.Channel == DeliveryChannel.Template ? "模板消息" : "短信",
            setting = admin ? p.Setting : null,
            code = p.Code,
            detail = admin ? p.Detail : null,
            message = Explain(p),
            p.Count,
            p.FirstSeen,
            firstSeenText = ChinaTime.Format(p.FirstSeen),
            p.LastSeen,
            lastSeenText = ChinaTime.Format(p.LastSeen),
        }), ApiErrors.Json);
    }

    private static async Task<IResult> DismissAsync(HttpContext http, string key, IDeliveryProblems problems, CancellationToken ct)
    {
        if (!http.Caller().IsAdmin)
        {
            return ApiErrors.Forbidden("仅管理员可以处理配置问题");
        }

        return await problems.DismissProblemAsync(key, ct)
            ? Results.Json(new { dismissed = true }, ApiErrors.Json)
            : ApiErrors.NotFound("没有这条配置问题");
    }

    private static string Explain(DeliveryProblem p) => p.Channel == DeliveryChannel.Template
        ? p.Code == "47003"
            ? "微信拒收了模板字段的取值，相关通知已改发短信。请管理员按所选模板的字段类型调整模板字段设置。"
            : $"微信拒收了模板消息（{p.Code}），相关通知已改发短信。请管理员检查模板编号与字段设置。"
        : $"短信服务商拒收了短信（{p.Code}），相关通知未能送达。请管理员检查短信模板与参数设置。";

    private static string KindName(ReminderKind kind) => kind switch
    {
        ReminderKind.Reminder => "会议提醒",
        ReminderKind.Changed => "变更通知",
        ReminderKind.Cancelled => "取消通知",
        ReminderKind.MakeUp => "补学提醒",
        _ => "组织生活提醒",
    };

    private sealed record RetryRequest(string? MeetingId, string? JobId);
}
