using BranchBot.Core.Study;
using BranchBot.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BranchBot.Bot.Health;

/// <summary>Ready only while the store answers.</summary>
internal sealed class StoreHealthCheck(IStoreHealth store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            var report = await store.CheckAsync(timeout.Token);
            return report.Healthy ? HealthCheckResult.Healthy($"{store.StoreName}: {report.Detail}") : HealthCheckResult.Unhealthy($"{store.StoreName}: {report.Detail}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{store.StoreName}: no answer within 3 s");
        }
        catch (StoreUnavailableException e)
        {
            return HealthCheckResult.Unhealthy($"{store.StoreName}: {e.Message}");
        }
    }
}

/// <summary>Ready once this instance has read the question bank from the store.</summary>
internal sealed class QuestionBankHealthCheck(QuestionBankCache bank) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(bank.Loaded
            ? HealthCheckResult.Healthy($"{bank.Current.All.Count} questions, version {bank.Current.Version}")
            : HealthCheckResult.Unhealthy("the question bank has not been read from the store yet"));
}

/// <summary>Ready while every background worker of this instance is still running (none has stopped or crashed).</summary>
internal sealed class WorkersHealthCheck(IEnumerable<IHostedService> services, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var workers = services.OfType<BackgroundService>().ToList();
        var stopped = workers.Where(w => w.ExecuteTask is { IsCompleted: true }).Select(w => w.GetType().Name).ToList();
        return Task.FromResult(stopped.Count == 0 || lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Healthy($"{workers.Count} workers running")
            : HealthCheckResult.Unhealthy("stopped: " + string.Join(", ", stopped)));
    }
}
