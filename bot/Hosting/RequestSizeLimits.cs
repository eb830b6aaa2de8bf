using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace BranchBot.Bot.Hosting;

/// <summary>A route's own body limit, replacing the server-wide one (1 MB) before anything reads the body.</summary>
internal sealed record RequestSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

internal static class RequestSizeLimits
{
    /// <summary>
    /// Applies a route's <see cref="IRequestSizeLimitMetadata"/> as soon as the route is known, so the server's
    /// global cap does not refuse an 8 MB import (with an exception) before the route's own 413 can answer.
    /// </summary>
    public static IApplicationBuilder UseRouteRequestSizeLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } limit &&
            context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit.MaxRequestBodySize;
        }

        return next(context);
    });
}
