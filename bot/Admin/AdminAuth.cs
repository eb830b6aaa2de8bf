using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Bot.Admin;

/// <summary>
/// Bearer-key check for every <c>/api/</c> endpoint. Keys are compared as SHA-256 digests in constant time, so neither
/// content nor length leaks through timing.
/// </summary>
internal sealed class AdminAuth(AdminOptions options) : IEndpointFilter
{
    private readonly (byte[] Digest, AdminCaller Caller)[] _keys = options.ApiKeys
        .Select(k => (SHA256.HashData(Encoding.UTF8.GetBytes(k.Key)), new AdminCaller(k.Name, string.IsNullOrWhiteSpace(k.BranchId) ? null : k.BranchId)))
        .ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiErrors.Unauthorized("需要 Authorization: Bearer <key>");
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        AdminCaller? caller = null;
        foreach (var (key, who) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key, digest))
            {
                caller = who;
            }
        }

        if (caller is null)
        {
            return ApiErrors.Unauthorized("密钥无效");
        }

        context.HttpContext.Items[typeof(AdminCaller)] = caller;
        return await next(context);
    }
}

/// <summary>API errors as JSON with a message, never a stack trace.</summary>
internal static class ApiErrors
{
    /// <summary>Web naming, Chinese kept as it is (not \u-escaped), so people can read the answers.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult BadRequest(string message) => Results.Json(new { error = message }, Json, statusCode: 400);

    public static IResult Unauthorized(string message) => Results.Json(new { error = message }, Json, statusCode: 401);

    public static IResult Forbidden(string message = "无权访问其他支部的数据") => Results.Json(new { error = message }, Json, statusCode: 403);

    public static IResult NotFound(string message) => Results.Json(new { error = message }, Json, statusCode: 404);

    public static AdminCaller Caller(this HttpContext context) => (AdminCaller)context.Items[typeof(AdminCaller)]!;
}
