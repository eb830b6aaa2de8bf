using System.Globalization;
using System.Security.Claims;
using BranchBot.Bot.Study;
using BranchBot.Core.Accounts;
using BranchBot.Core.Common;
using BranchBot.Core.Members;
using Microsoft.AspNetCore.Http.HttpResults;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Accounts;

/// <summary>Console sign-in (anonymous), sign-out, and who the caller is.</summary>
internal static class SessionEndpoints
{
    private const int MaxSignInBytes = 4096;

    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/session", SignInAsync).AllowAnonymous().WithMetadata(new Hosting.RequestSizeLimit(MaxSignInBytes));
        api.MapDelete("/session", SignOutAsync);
        api.MapGet("/me", MeAsync);
        return api;
    }

    private static async Task<Results<Ok<SessionView>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        SignInRequest request, HttpContext http, SignInService signIn, ConsoleKeys keys, SignInLinks links, AuditFilter audit, CancellationToken ct)
    {
        var address = ClientAddress.Of(http);
        SignInResult result;
        string who;
        if (!string.IsNullOrEmpty(request.Token))
        {
            // A configured key, or a one-time sign-in link (used up here, whatever follows).
            var identity = keys.Match(request.Token) is { } key
                ? new KeyIdentity(key.Caller.Name, key.Caller.BranchId, key.KeyId)
                : await links.RedeemAsync(request.Token, ct) ? SignInLinks.Identity : null;
            who = identity?.Name ?? "（密钥）";
            result = await signIn.WithKeyAsync(identity, address, ct);
        }
        else if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrEmpty(request.Password))
        {
            return string.IsNullOrWhiteSpace(request.Name) ? ApiProblems.Invalid("name", "请输入账号") : ApiProblems.Invalid("password", "请输入密码");
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
                return TypedResults.Ok(new SessionView(result.Token!, session.Name, session.BranchId, session.BranchId is null, session.ExpiresAt));
            case SignInOutcome.Busy:
                http.Response.Headers.RetryAfter = "1";
                return ApiProblems.Unavailable("登录的人较多，请稍后再试", retryAfterSeconds: 1);
            case SignInOutcome.Throttled:
                var seconds = (int)Math.Ceiling(result.RetryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ApiProblems.TooManyRequests($"尝试次数过多，请 {Math.Max(1, (seconds + 59) / 60)} 分钟后再试", seconds);
            default:
                await audit.RecordAsync(http, new AdminCaller(who, null), 401, "登录失败");
                return ApiProblems.Unauthorized(string.IsNullOrEmpty(request.Token) ? "用户名或密码不正确" : "密钥无效");
        }
    }

    private static async Task<Ok<SignOutView>> SignOutAsync(ClaimsPrincipal user, IAccountStore accounts, CancellationToken ct)
    {
        if (user.SessionDigest() is not { } digest)
        {
            return TypedResults.Ok(new SignOutView(false));
        }

        await accounts.EndSessionAsync(digest, ct);
        return TypedResults.Ok(new SignOutView(true));
    }

    private static async Task<Ok<MeView>> MeAsync(ClaimsPrincipal user, IMemberStore members, DemoData demo, CancellationToken ct)
    {
        var caller = user.Caller();
        var units = await members.ListUnitsAsync(ct);
        var branches = units.Where(u => u.Kind == OrgUnitKind.Branch && caller.MaySee(u.Id)).OrderBy(u => u.Name, UnitNameComparer.Instance);
        return TypedResults.Ok(new MeView(caller.Name, caller.BranchId, units.FirstOrDefault(u => u.Id == caller.BranchId)?.Name, caller.IsAdmin, demo.Loaded,
            branches.Select(u => new UnitRef(u.Id, u.Name)).ToList()));
    }

    internal sealed record SignInRequest(string? Name, string? Password, string? Token);

    internal sealed record SessionView(string Token, string Name, string? BranchId, bool IsAdmin, DateTimeOffset ExpiresAt);

    internal sealed record SignOutView(bool SignedOut);

    internal sealed record MeView(string Name, string? BranchId, string? BranchName, bool IsAdmin, bool Demo, IReadOnlyList<UnitRef> Branches);

    internal sealed record UnitRef(string Id, string Name);
}
