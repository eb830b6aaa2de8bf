using System.Text.Json;
using BranchBot.Core.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BranchBot.Bot.Health;

internal static class HealthEndpoints
{
    private const string Ready = "ready";

    /// <summary>The framework's health checks: the store, the question bank and the background workers, all for readiness.</summary>
    public static WebApplicationBuilder AddBotHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [Ready])
            .AddCheck<QuestionBankHealthCheck>("question-bank", tags: [Ready])
            .AddCheck<WorkersHealthCheck>("workers", tags: [Ready]);
        return builder;
    }

    /// <summary>
    /// <c>/healthz/live</c>: the process answers (a liveness probe: restarting it would not help during a store outage,
    /// which the bot rides out). <c>/healthz/ready</c>: store reachable, bank loaded, workers running (a readiness probe:
    /// take the instance out of the load balancer). <c>/healthz</c>: the store's health, as before.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        app.MapGet("/healthz", async (IStoreHealth store, CancellationToken cancellationToken) =>
        {
            var result = await new StoreHealthCheck(store).CheckHealthAsync(new HealthCheckContext(), cancellationToken);
            var healthy = result.Status == HealthStatus.Healthy;
            var body = new { status = healthy ? "healthy" : "unhealthy", store = store.StoreName, detail = result.Description };
            return Results.Json(body, statusCode: healthy ? 200 : 503);
        });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), detail = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
