using BranchBot.Core.Storage;

namespace BranchBot.Bot.Health;

internal static class HealthEndpoints
{
    /// <summary><c>/healthz</c>: 200 when the store answers, 503 when it does not, with the store's own words.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (IStoreHealth store, CancellationToken cancellationToken) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            StoreHealthReport report;
            try
            {
                report = await store.CheckAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                report = new StoreHealthReport(false, "store check timed out");
            }

            var body = new { status = report.Healthy ? "healthy" : "unhealthy", store = store.StoreName, detail = report.Detail };
            return Results.Json(body, statusCode: report.Healthy ? 200 : 503);
        });
        return app;
    }
}
