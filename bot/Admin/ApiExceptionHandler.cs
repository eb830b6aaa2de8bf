using System.Text.Json;
using System.Text.RegularExpressions;
using BranchBot.Core.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace BranchBot.Bot.Admin;

/// <summary>
/// The one place an exception inside <c>/api</c> becomes an answer: a request the framework could not bind (a query
/// value or JSON property of the wrong type, a body too large) is a 400/413 problem naming the field; an unreachable
/// store is a 503; anything else a 500 without a stack trace.
/// </summary>
internal sealed partial class ApiExceptionHandler(AuditFilter audit, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            return false;
        }

        IResult answer;
        if (exception is BadHttpRequestException bad)
        {
            answer = Rejected(bad);

            // Binding fails before the endpoint's filters run, so the audit filter never saw this refused change.
            if (AuditFilter.Changes(httpContext.Request.Method) && httpContext.IsSignedIn() && ApiResults.Unwrap(answer) is IStatusCodeHttpResult { StatusCode: { } status } and IValueHttpResult { Value: Microsoft.AspNetCore.Mvc.ProblemDetails problem })
            {
                await audit.RecordAsync(httpContext, httpContext.Caller(), status, problem.Detail);
            }
        }
        else
        {
            LogFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            answer = exception is StoreUnavailableException or TimeoutException
                ? ApiProblems.Unavailable("数据暂时无法访问，请稍后再试")
                : TypedResults.Problem("服务器出错了，请稍后再试", statusCode: StatusCodes.Status500InternalServerError, title: "服务器出错");
        }

        await answer.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The framework's binding failure as a problem; its messages name the parameter, its JSON errors the property path.</summary>
    internal static IResult Rejected(BadHttpRequestException e)
    {
        if (e is UploadRejected upload)
        {
            return upload.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiProblems.TooLarge(upload.Message) : ApiProblems.BadRequest(upload.Message);
        }

        switch (e.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return ApiProblems.TooLarge("请求体过大");
            case StatusCodes.Status415UnsupportedMediaType:
                return TypedResults.Problem("请以 JSON 格式提交（Content-Type: application/json）", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "格式不支持");
        }

        // A value of the wrong type names its property; broken JSON (the reader's own JsonException inside) names none.
        if (e.InnerException is JsonException json)
        {
            return json.InnerException is not JsonException && FieldOf(json.Path) is { } property ? ApiProblems.Invalid(property, $"{property} 的值格式有误") : ApiProblems.BadRequest("请求不是有效的 JSON");
        }

        if (BindFailure().Match(e.Message) is { Success: true } match)
        {
            var parameter = match.Groups["name"].Value;
            return ApiProblems.Invalid(parameter, $"{parameter} 的值格式有误");
        }

        return RequiredBody().IsMatch(e.Message) ? ApiProblems.BadRequest("请求体为空") : ApiProblems.BadRequest("请求有误");
    }

    /// <summary>The top-level property a serializer path such as <c>$.attendeeIds[0]</c> points into; null for the root or an odd name.</summary>
    internal static string? FieldOf(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }

        var name = path[2..];
        var end = name.IndexOfAny(['.', '[']);
        name = end < 0 ? name : name[..end];
        return name.Length is > 0 and <= 40 && name.All(char.IsAsciiLetterOrDigit) ? name : null;
    }

    // "Failed to bind parameter \"int? count\" from \"abc\"." — the framework's wording (RequestDelegateFactory).
    [GeneratedRegex("""^Failed to bind parameter "[^"]*?(?<name>[A-Za-z][A-Za-z0-9]{0,39})" from """)]
    private static partial Regex BindFailure();

    // "Required parameter \"MeetingRequest request\" was not provided from body." (or an empty or null body).
    [GeneratedRegex("""^Required parameter "[^"]*" was not provided from body""")]
    private static partial Regex RequiredBody();

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);
}
