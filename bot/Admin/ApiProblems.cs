using System.Text.Encodings.Web;
using System.Text.Json;
using BranchBot.Core.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Bot.Admin;

/// <summary>
/// Every refusal of the admin API as RFC 9457 problem details (<c>application/problem+json</c>): <c>detail</c> is the
/// Chinese sentence for the person, and a validation problem's <c>errors</c> names the request's JSON properties at fault.
/// </summary>
internal static class ApiProblems
{
    /// <summary>Web naming, Chinese kept as it is (not \u-escaped), so people can read the answers.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ValidationProblem Invalid(FieldError error) => Invalid(error.Field, error.Message);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: "请求有误");

    public static ValidationProblem Invalid(IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            detail: errors[0].Message, title: "请求有误");

    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "请求有误", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "需要登录", detail);

    public static ProblemHttpResult Forbidden(string detail = "无权访问其他支部的数据") => Problem(StatusCodes.Status403Forbidden, "无权访问", detail);

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "没有找到", detail);

    public static ProblemHttpResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "无法完成", detail);

    /// <summary>A conflict about one field (the account name already taken): the console shows it beside that field.</summary>
    public static ProblemHttpResult Conflict(FieldError error) => TypedResults.Problem(
        error.Message, statusCode: StatusCodes.Status409Conflict, title: "无法完成",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Message] } });

    public static ProblemHttpResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "内容过大", detail);

    public static ProblemHttpResult UnprocessableContent(string detail) => Problem(StatusCodes.Status422UnprocessableEntity, "无法处理", detail);

    public static ProblemHttpResult TooManyRequests(string detail, int? retryAfterSeconds = null) => TypedResults.Problem(
        detail, statusCode: StatusCodes.Status429TooManyRequests, title: "尝试次数过多",
        extensions: retryAfterSeconds is { } s ? new Dictionary<string, object?> { ["retryAfterSeconds"] = s } : null);

    public static ProblemHttpResult BadGateway(string detail) => Problem(StatusCodes.Status502BadGateway, "微信接口暂时不可用", detail);

    public static ProblemHttpResult Unavailable(string detail, int? retryAfterSeconds = null) => TypedResults.Problem(
        detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "暂时无法访问",
        extensions: retryAfterSeconds is { } s ? new Dictionary<string, object?> { ["retryAfterSeconds"] = s } : null);

    /// <summary>
    /// Fills a problem the framework writes on its own (an empty 4xx: a body over the route's limit, a body that could
    /// not be read) with a Chinese title and detail.
    /// </summary>
    public static void Fill(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        (string Title, string Detail)? text = problem.Status switch
        {
            StatusCodes.Status400BadRequest => ("请求有误", "请求有误"),
            StatusCodes.Status401Unauthorized => ("需要登录", "需要 Authorization: Bearer <key>"),
            StatusCodes.Status403Forbidden => ("无权访问", "无权访问其他支部的数据"),
            StatusCodes.Status404NotFound => ("没有找到", "没有这个接口"),
            StatusCodes.Status405MethodNotAllowed => ("请求有误", "这个接口不支持这种请求方式"),
            StatusCodes.Status413PayloadTooLarge => ("内容过大", "请求体过大"),
            StatusCodes.Status415UnsupportedMediaType => ("格式不支持", "请以 JSON 格式提交（Content-Type: application/json）"),
            _ => null,
        };
        if (text is { } t && problem.Detail is null)
        {
            problem.Title = t.Title;
            problem.Detail = t.Detail;
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);
}

internal static class ApiResults
{
    /// <summary>The result a handler's <c>Results&lt;…&gt;</c> union holds, so filters see its status and value.</summary>
    public static object? Unwrap(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result;
    }
}
