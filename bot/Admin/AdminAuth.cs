using BranchBot.Core.Storage;
using System.Security.Cryptography;
using System.Text;
using BranchBot.Core.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace BranchBot.Bot.Admin;

/// <summary>
/// Bearer check for every <c>/api/</c> endpoint not marked anonymous. The bearer is a configured key, compared as
/// SHA-256 digests in constant time so neither content nor length leaks through timing; or a console session token,
/// looked up by its digest. A sign-in link is never a bearer: it is exchanged once for a session.
/// </summary>
internal sealed partial class AdminAuth(AdminOptions options, IAccountStore accounts, SignInService signIn, ILogger<AdminAuth> logger) : IEndpointFilter
{
    private const string SessionItem = "console-session";

    private readonly (byte[] Digest, AdminCaller Caller, string KeyId)[] _keys = options.ApiKeys
        .Select(k => (Digest(k.Key), new AdminCaller(k.Name, string.IsNullOrWhiteSpace(k.BranchId) ? null : k.BranchId), KeyIdentity.IdOf(k.Key)))
        .ToArray();

    /// <summary>Also turns a failure inside any <c>/api</c> endpoint into a JSON error: the console shows it, never a stack trace.</summary>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await AuthenticateAsync(context, next);
        }
        catch (Exception e) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var unavailable = e is StoreUnavailableException or TimeoutException;
            LogFailed(logger, e, context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return unavailable
                ? Results.Json(new { error = "数据暂时无法访问，请稍后再试" }, ApiErrors.Json, statusCode: 503)
                : Results.Json(new { error = "服务器出错了，请稍后再试" }, ApiErrors.Json, statusCode: 500);
        }
    }

    private async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return await next(context);
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiErrors.Unauthorized("需要 Authorization: Bearer <key>");
        }

        var bearer = header["Bearer ".Length..].Trim();
        var caller = MatchKey(bearer);
        if (caller is null && await FindSessionAsync(bearer, http.RequestAborted) is { } session)
        {
            caller = new AdminCaller(session.Name, session.BranchId) { IsAccount = !session.ViaKey };
            http.Items[SessionItem] = SessionToken.Digest(bearer);
        }

        if (caller is null)
        {
            // Guessing bearers counts against the address like failed sign-ins, and is throttled the same way.
            return await signIn.BearerFailedAsync(ClientAddress.Of(http), http.RequestAborted)
                ? Results.Json(new { error = "尝试次数过多，请稍后再试" }, ApiErrors.Json, statusCode: 429)
                : ApiErrors.Unauthorized("密钥无效或登录已过期");
        }

        http.Items[typeof(AdminCaller)] = caller;
        return await next(context);
    }

    /// <summary>The configured key <paramref name="bearer"/> is, or null.</summary>
    public AdminCaller? MatchKey(string bearer) => MatchKeyIdentity(bearer)?.Caller;

    /// <summary>The configured key <paramref name="bearer"/> is, with its id, or null.</summary>
    public (AdminCaller Caller, string KeyId)? MatchKeyIdentity(string bearer)
    {
        var digest = Digest(bearer);
        (AdminCaller, string)? match = null;
        foreach (var (key, who, id) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key, digest))
            {
                match = (who, id);
            }
        }

        return match;
    }

    /// <summary>The digest of the session token this request was signed in with, if it used one.</summary>
    public static string? SessionDigest(HttpContext http) => http.Items[SessionItem] as string;

    private async Task<ConsoleSession?> FindSessionAsync(string bearer, CancellationToken cancellationToken)
    {
        // Session tokens are 32 bytes in base64url (43 characters); anything else is not worth a store round trip.
        if (bearer.Length != 43)
        {
            return null;
        }

        var session = await accounts.FindSessionAsync(SessionToken.Digest(bearer), cancellationToken);

        // A key's session lasts only while that very key (not just its name) is still configured with the same branch;
        // a sign-in link's session is an administrator's for its lifetime.
        return session is { ViaKey: true } && session.KeyId != KeyIdentity.LinkId &&
               !_keys.Any(k => k.KeyId == session.KeyId && k.Caller.Name == session.Name && k.Caller.BranchId == session.BranchId)
            ? null
            : session;
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path);
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

    /// <summary>400 naming the form field or query parameter that is wrong, so the console shows the message beside it.</summary>
    public static IResult FieldError(string field, string message) => Results.Json(new { error = message, field }, Json, statusCode: 400);

    public static IResult Conflict(string message) => Results.Json(new { error = message }, Json, statusCode: 409);

    public static IResult TooLarge(string message) => Results.Json(new { error = message }, Json, statusCode: 413);

    public static AdminCaller Caller(this HttpContext context) => (AdminCaller)context.Items[typeof(AdminCaller)]!;
}
