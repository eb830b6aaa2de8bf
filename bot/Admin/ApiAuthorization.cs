using BranchBot.Core.Members;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace BranchBot.Bot.Admin;

/// <summary>The admin API's policies: any signed-in caller, or the organisation's (a caller without a branch).</summary>
internal static class ApiPolicies
{
    public const string SignedIn = "console";
    public const string Organisation = "organisation";

    public static IServiceCollection AddApiAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(SignedIn, p => p.AddAuthenticationSchemes(BearerAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(Organisation, p => p.AddAuthenticationSchemes(BearerAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .AddRequirements(new OrganisationRequirement()));
        services.AddSingleton<IAuthorizationHandler, OrganisationHandler>();
        services.AddSingleton<IAuthorizationHandler, BranchScopeHandler>();
        services.AddSingleton<IAuthorizationHandler, MemberScopeHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    /// <summary>Only callers of the whole organisation (API keys and accounts without a branch).</summary>
    public static TBuilder RequireOrganisation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Organisation);
}

/// <summary>A branch something belongs to, authorised against the caller's branch.</summary>
internal sealed record BranchScope(string BranchId);

/// <summary>The caller may see and change the resource: a branch within its scope, a member below it (<see cref="RoleRule"/>).</summary>
internal sealed class InScopeRequirement : IAuthorizationRequirement
{
    public static readonly InScopeRequirement Instance = new();
}

internal sealed class OrganisationRequirement : IAuthorizationRequirement;

internal sealed class OrganisationHandler : AuthorizationHandler<OrganisationRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganisationRequirement requirement)
    {
        if (context.User.Caller().IsAdmin)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, "只有管理员可以这样做"));
        }

        return Task.CompletedTask;
    }
}

internal sealed class BranchScopeHandler : AuthorizationHandler<InScopeRequirement, BranchScope>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, InScopeRequirement requirement, BranchScope resource)
    {
        if (context.User.Caller().MaySee(resource.BranchId))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The same rule as the chat commands: only members of the caller's branch whose role is below a secretary's (a caller
/// without a branch acts as 管理员). The refusal says why, and the audit filter records it.
/// </summary>
internal sealed class MemberScopeHandler : AuthorizationHandler<InScopeRequirement, Member>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, InScopeRequirement requirement, Member resource)
    {
        switch (RoleRule.Check(Actor.OfConsole(context.User.Caller().BranchId), resource))
        {
            case RoleRefusal.None:
                context.Succeed(requirement);
                break;
            case RoleRefusal.OutOfScope:
                break;
            case var refusal:
                context.Fail(new AuthorizationFailureReason(this, RoleRule.Explain(refusal, resource.Name, resource.Role)));
                break;
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// 401 and 403 from a policy as problem details; a refused change (POST, PUT, DELETE) by a signed-in caller is audited
/// like any other refusal.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(AuditFilter audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.IsSignedIn())
        {
            var detail = Reason(authorizeResult.AuthorizationFailure) ?? "无权访问其他支部的数据";
            if (AuditFilter.Changes(context.Request.Method))
            {
                await audit.RecordAsync(context, context.Caller(), StatusCodes.Status403Forbidden, detail);
            }

            await ApiProblems.Forbidden(detail).ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    public static string? Reason(AuthorizationFailure? failure) => failure?.FailureReasons.Select(r => r.Message).FirstOrDefault(m => m.Length > 0);
}
