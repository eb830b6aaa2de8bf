using System.Security.Claims;
using System.Text.Encodings.Web;
using BranchBot.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Admin;

/// <summary>
/// Authenticates <c>Authorization: Bearer …</c> as a configured API key or a console session token (looked up by its
/// digest). A sign-in link is never a bearer: it is exchanged once for a session. Guessed bearers count against the
/// client address like failed sign-ins, and are throttled the same way.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ConsoleKeys keys,
    IAccountStore accounts,
    SignInService signIn)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ConsoleBearer";
    private const string ThrottledItem = "bearer-throttled";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var bearer = header["Bearer ".Length..].Trim();
        if (keys.Match(bearer) is { } key)
        {
            return Success(CallerClaims.Of(key.Caller, sessionDigest: null));
        }

        if (await FindSessionAsync(bearer, Context.RequestAborted) is { } session)
        {
            return Success(CallerClaims.Of(new AdminCaller(session.Name, session.BranchId) { IsAccount = !session.ViaKey }, SessionToken.Digest(bearer)));
        }

        // Sign-in itself is anonymous: a stale bearer sent along with it is not a guess; nor is one sent outside the API.
        if (Request.Path.StartsWithSegments("/api") && Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            Context.Items[ThrottledItem] = await signIn.BearerFailedAsync(ClientAddress.Of(Context), Context.RequestAborted);
        }

        return AuthenticateResult.Fail("unknown bearer");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var header = Request.Headers.Authorization.ToString();
        var problem = Context.Items[ThrottledItem] is true
            ? ApiProblems.TooManyRequests("尝试次数过多，请稍后再试")
            : ApiProblems.Unauthorized(header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? "密钥无效或登录已过期" : "需要 Authorization: Bearer <key>");
        return problem.ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => ApiProblems.Forbidden().ExecuteAsync(Context);

    private AuthenticateResult Success(ClaimsIdentity identity) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));

    private async Task<ConsoleSession?> FindSessionAsync(string bearer, CancellationToken cancellationToken)
    {
        // Session tokens are 32 bytes in base64url (43 characters); anything else is not worth a store round trip.
        if (bearer.Length != 43)
        {
            return null;
        }

        var session = await accounts.FindSessionAsync(SessionToken.Digest(bearer), cancellationToken);
        return session is not null && keys.StillValid(session) ? session : null;
    }
}

/// <summary>The caller as claims: name, branch (absent for the whole organisation), account or key, session digest.</summary>
internal static class CallerClaims
{
    public const string Branch = "branch";
    public const string Account = "account";
    public const string Session = "session";

    public static ClaimsIdentity Of(AdminCaller caller, string? sessionDigest)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, caller.Name) };
        if (caller.BranchId is { } branch)
        {
            claims.Add(new Claim(Branch, branch));
        }

        if (caller.IsAccount)
        {
            claims.Add(new Claim(Account, "true"));
        }

        if (sessionDigest is not null)
        {
            claims.Add(new Claim(Session, sessionDigest));
        }

        return new ClaimsIdentity(claims, BearerAuthenticationHandler.SchemeName);
    }

    public static AdminCaller Caller(this ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? string.Empty, user.FindFirst(Branch)?.Value) { IsAccount = user.HasClaim(c => c.Type == Account) };

    public static AdminCaller Caller(this HttpContext http) => http.User.Caller();

    public static bool IsSignedIn(this HttpContext http) => http.User.Identity is { IsAuthenticated: true, AuthenticationType: BearerAuthenticationHandler.SchemeName };

    /// <summary>The branch a request asks about (its <c>branchId</c>, already checked against the scope), else the caller's own; null: the whole organisation.</summary>
    public static string? BranchOrOwn(this ClaimsPrincipal user, string? branchId) =>
        string.IsNullOrWhiteSpace(branchId) ? user.FindFirst(Branch)?.Value : branchId.Trim();

    /// <summary>The digest of the session token this request was signed in with, if it used one.</summary>
    public static string? SessionDigest(this ClaimsPrincipal user) => user.FindFirst(Session)?.Value;
}
