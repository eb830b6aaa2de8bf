using Microsoft.AspNetCore.Authorization;

namespace BranchBot.Bot.Admin;

/// <summary>How a route's resource (a meeting, a room, a member) is found, and what its scope is.</summary>
internal interface IScopedLoader<T> where T : class
{
    /// <summary>The route value naming the resource (<c>id</c> in <c>/meetings/{id}</c>).</summary>
    string RouteKey { get; }

    /// <summary>The 404's sentence.</summary>
    string Missing { get; }

    Task<T?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>What <see cref="InScopeRequirement"/> is checked against: a <see cref="BranchScope"/>, or the resource itself.</summary>
    object ScopeOf(T resource);
}

/// <summary>
/// Loads the resource a route names once, before the handler: 404 when it does not exist, 403 when it is outside the
/// caller's scope; otherwise the handler receives it as <see cref="InScope{T}"/>.
/// </summary>
internal sealed class ScopedResourceFilter<T>(IScopedLoader<T> loader, IAuthorizationService authorization) : IEndpointFilter where T : class
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var id = http.Request.RouteValues[loader.RouteKey] as string ?? string.Empty;
        if (await loader.FindAsync(id, http.RequestAborted) is not { } resource)
        {
            return ApiProblems.NotFound(loader.Missing);
        }

        var result = await authorization.AuthorizeAsync(http.User, loader.ScopeOf(resource), InScopeRequirement.Instance);
        if (!result.Succeeded)
        {
            return ApiProblems.Forbidden(ProblemAuthorizationResultHandler.Reason(result.Failure) ?? "无权访问其他支部的数据");
        }

        http.Features.Set(new Loaded<T>(resource));
        return await next(context);
    }
}

/// <summary>The resource <see cref="ScopedResourceFilter{T}"/> loaded and authorised for this request.</summary>
internal sealed class InScope<T>(HttpContext http) where T : class
{
    public T Value => (http.Features.Get<Loaded<T>>() ?? throw new InvalidOperationException("The route group lacks ScopedResourceFilter<" + typeof(T).Name + ">.")).Value;

    /// <summary>Bound before the filter runs; <see cref="Value"/> is read by the handler, after it.</summary>
    public static ValueTask<InScope<T>?> BindAsync(HttpContext context) => ValueTask.FromResult<InScope<T>?>(new InScope<T>(context));
}

internal sealed record Loaded<T>(T Value);

internal static class ScopedRoutes
{
    /// <summary>A route group whose routes name a <typeparamref name="T"/> (by <see cref="IScopedLoader{T}.RouteKey"/>) that each endpoint receives loaded and authorised.</summary>
    public static RouteGroupBuilder MapScoped<T>(this RouteGroupBuilder api, string prefix) where T : class =>
        api.MapGroup(prefix).AddEndpointFilter<ScopedResourceFilter<T>>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
}
