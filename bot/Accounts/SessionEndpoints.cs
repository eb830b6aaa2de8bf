using System.Globalization;
using BranchBot.Bot.Study;
using BranchBot.Core.Accounts;
using BranchBot.Core.Common;
using BranchBot.Core.Members;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Accounts;

/// <summary>Console sign-in (anonymous), sign-out, and who the caller is.</summary>
internal static class SessionEndpoints
{
    private const int MaxSignInBytes = 4096;

    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/session", SignInAsync).AllowAnonymous();
        api.MapDelete("/session", SignOutAsync);
        api.MapGet("/me", MeAsync);
        return api;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, SignInService signIn, AdminAuth auth, SignInLinks links, AuditFilter audit, CancellationToken ct)
    {
        var (request, error) = await ApiJson.ReadAsync<SignInRequest>(http, MaxSignInBytes);
        if (request is null)
        {
            return error!;
        }

        var address = ClientAddress.Of(http);
        SignInResult result;
        string who;
        if (!string.IsNullOrEmpty(request.Token))
        {
            // A configured key, or a one-time sign-in link (used up here, whatever follows).
            var identity = auth.MatchKeyIdentity(request.Token) is { } key
                ? new KeyIdentity(key.Caller.Name, key.Caller.BranchId, key.KeyId)
                : await links.RedeemAsync(request.Token, ct) ? SignInLinks.Identity : null;
            who = identity?.Name ?? "（密钥）";
            result = await signIn.WithKeyAsync(identity, address, ct);
        }
        else if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrEmpty(request.Password))
        {
            return string.IsNullOrWhiteSpace(request.Name) ? ApiErrors.FieldError("name", "请输入账号") : ApiErrors.FieldError("password", "请输入密码");
        }
        else
        {
            who = request.Name.Length > 32 ? request.Name[..32] : request.Name;
            result = await signIn.WithPasswordAsync(request.Name, request.Password, address, ct);
        }

        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                var session = result.Session!;
                await audit.RecordAsync(http, new AdminCaller(session.Name, session.BranchId), 200, session.KeyId == KeyIdentity.LinkId ? "登录链接登录" : session.ViaKey ? "密钥登录" : "登录成功");
                return Results.Json(new { token = result.Token, session.Name, session.BranchId, isAdmin = session.BranchId is null, session.ExpiresAt }, ApiErrors.Json);
            case SignInOutcome.Busy:
                http.Response.Headers.RetryAfter = "1";
                return Results.Json(new { error = "登录的人较多，请稍后再试", retryAfterSeconds = 1 }, ApiErrors.Json, statusCode: 503);
            case SignInOutcome.Throttled:
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return Results.Json(new { error = $"尝试次数过多，请 {Math.Max(1, (seconds + 59) / 60)} 分钟后再试", retryAfterSeconds = seconds }, ApiErrors.Json, statusCode: 429);
            default:
                await audit.RecordAsync(http, new AdminCaller(who, null), 401, "登录失败");
                return ApiErrors.Unauthorized(string.IsNullOrEmpty(request.Token) ? "用户名或密码不正确" : "密钥无效");
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAccountStore accounts, CancellationToken ct)
    {
        if (AdminAuth.SessionDigest(http) is not { } digest)
        {
            return Results.Json(new { signedOut = false }, ApiErrors.Json);
        }

        await accounts.EndSessionAsync(digest, ct);
        return Results.Json(new { signedOut = true }, ApiErrors.Json);
    }

    private static async Task<IResult> MeAsync(HttpContext http, IMemberStore members, DemoData demo, CancellationToken ct)
    {
        var caller = http.Caller();
        var units = await members.ListUnitsAsync(ct);
        var branches = units.Where(u => u.Kind == OrgUnitKind.Branch && caller.MaySee(u.Id)).OrderBy(u => u.Name, UnitNameComparer.Instance);
        return Results.Json(new
        {
            caller.Name,
            caller.BranchId,
            branchName = units.FirstOrDefault(u => u.Id == caller.BranchId)?.Name,
            caller.IsAdmin,
            demo = demo.Loaded,
            branches = branches.Select(u => new { u.Id, u.Name }),
        }, ApiErrors.Json);
    }

    private sealed record SignInRequest(string? Name, string? Password, string? Token);
}
