using Microsoft.AspNetCore.Mvc;
using BranchBot.Core.Audit;

namespace BranchBot.Bot.Admin;

/// <summary>
/// Records every signed-in <c>/api</c> request that changes something (POST, PUT, DELETE) with its outcome. Runs
/// after authentication, so anonymous requests cannot fill the log; sign-in records itself. Request bodies
/// are never recorded (they may hold passwords).
/// </summary>
internal sealed partial class AuditFilter(IAuditLog audit, TimeProvider time, ILogger<AuditFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (!Changes(method) || !http.IsSignedIn())
        {
            return await next(context);
        }

        var caller = http.Caller();
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecordAsync(http, caller, 500, "内部错误");
            throw;
        }

        var answer = ApiResults.Unwrap(result);
        var status = answer is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;
        await RecordAsync(http, caller, status, status >= 400 ? ErrorOf(answer) : null);
        return result;
    }

    /// <summary>Whether a request with this method changes something, and so is recorded.</summary>
    public static bool Changes(string method) => HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);

    /// <summary>Writes one entry for this request. A failing audit store is logged, not passed on: the change is already made.</summary>
    public async Task RecordAsync(HttpContext http, AdminCaller caller, int status, string? detail)
    {
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value;
        var target = string.Join(' ', http.Request.RouteValues.Where(v => v.Value is not null).Select(v => v.Key + "=" + v.Value));
        if (status >= 400 && http.GetEndpoint()?.Metadata.GetMetadata<AuditWithoutTarget>() is not null)
        {
            target = string.Empty;
        }

        // Names and route values come from callers (a sign-in name, a path): no control characters reach the record or the log.
        var entry = new AuditEntry(
            time.GetUtcNow(), AuditNames.Clean(caller.Name), caller.BranchId is null ? null : AuditNames.Clean(caller.BranchId), AuditNames.Clean(http.Request.Method + " " + pattern),
            target.Length == 0 ? null : Cut(AuditNames.Clean(target)), status, detail is null ? null : AuditNames.Clean(detail));

        // The store keeps the newest entries per list; the application log keeps every one for as long as the host's log
        // retention does, so a flood of requests cannot push a change out of the record.
        LogEntry(logger, entry.Who, entry.BranchId ?? "-", entry.Action, entry.Target ?? "-", entry.Status);
        try
        {
            // Not the request's token: a client that hangs up must not keep its change out of the log.
            await audit.AppendAsync(entry, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogFailed(logger, e, entry.Action);
        }
    }

    /// <summary>The problem's <c>detail</c>, cut short.</summary>
    private static string? ErrorOf(object? result) =>
        result is IValueHttpResult { Value: ProblemDetails { Detail: { } detail } } ? Cut(detail) : null;

    private static string Cut(string text) => text.Length > 100 ? text[..100] : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: {Who} ({Branch}) {Action} {Target} -> {Status}")]
    private static partial void LogEntry(ILogger logger, string who, string branch, string action, string target, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit entry for {Action} not written")]
    private static partial void LogFailed(ILogger logger, Exception exception, string action);
}

/// <summary>
/// Marks a route whose failed attempts are recorded without their route values: an erasure's id is personal data,
/// and a retry or a racing request would otherwise write the old id into the log after the erasure scrubbed it.
/// </summary>
internal sealed class AuditWithoutTarget;
