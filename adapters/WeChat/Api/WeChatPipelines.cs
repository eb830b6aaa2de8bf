using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using System.Threading.RateLimiting;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>
/// The resilience pipelines of the WeChat API, one set per process (a singleton) so the circuit breaker
/// sees every call: retry outside (per call safety), then the shared circuit breaker, then a per-attempt timeout.
/// </summary>
public sealed class WeChatPipelines
{
    /// <param name="loggerFactory">Polly's telemetry: retries and circuit events on the <c>Polly</c> meter and in the log.</param>
    public WeChatPipelines(IOptions<WeChatOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        var o = options.Value;
        Idempotent = BuildRetry(o, time, CallSafety.Idempotent, loggerFactory);
        NotIdempotent = BuildRetry(o, time, CallSafety.NotIdempotent, loggerFactory);
        Circuit = BuildCircuit(o, time, loggerFactory);
        Limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.ApiRatePerSecond,
            TokensPerPeriod = o.ApiRatePerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Paces every call of this instance; callers wait for a token rather than fail.</summary>
    public RateLimiter Limiter { get; }

    public ResiliencePipeline<ApiResult> Idempotent { get; }

    public ResiliencePipeline<ApiResult> NotIdempotent { get; }

    public ResiliencePipeline<ApiResult> Circuit { get; }

    private static ResiliencePipeline<ApiResult> BuildRetry(WeChatOptions o, TimeProvider time, CallSafety safety, ILoggerFactory? loggerFactory)
    {
        var builder = new ResiliencePipelineBuilder<ApiResult> { TimeProvider = time, Name = "wechat-api", InstanceName = safety == CallSafety.Idempotent ? "retry" : "retry-once-sent" };
        if (loggerFactory is not null)
        {
            builder.ConfigureTelemetry(loggerFactory);
        }

        if (o.ApiRetries == 0)
        {
            return builder.Build();
        }

        var retryOn = new PredicateBuilder<ApiResult>().HandleResult(r => r.Kind == ApiErrorKind.Transient);
        retryOn = safety == CallSafety.Idempotent
            ? retryOn.Handle<HttpRequestException>().Handle<TimeoutRejectedException>().Handle<IOException>()
            : retryOn.Handle<HttpRequestException>(e => e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError);

        return builder
            .AddRetry(new RetryStrategyOptions<ApiResult>
            {
                ShouldHandle = retryOn,
                MaxRetryAttempts = o.ApiRetries,
                Delay = o.ApiRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();
    }

    /// <summary>One circuit breaker and per-attempt timeout for all calls to the account's API.</summary>
    private static ResiliencePipeline<ApiResult> BuildCircuit(WeChatOptions o, TimeProvider time, ILoggerFactory? loggerFactory)
    {
        var builder = new ResiliencePipelineBuilder<ApiResult> { TimeProvider = time, Name = "wechat-api", InstanceName = "circuit" };
        if (loggerFactory is not null)
        {
            builder.ConfigureTelemetry(loggerFactory);
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ApiResult>
            {
                ShouldHandle = new PredicateBuilder<ApiResult>()
                    .HandleResult(r => r.Kind == ApiErrorKind.Transient)
                    .Handle<HttpRequestException>().Handle<TimeoutRejectedException>().Handle<IOException>(),
                FailureRatio = 0.5,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
            })
            .AddTimeout(o.ApiAttemptTimeout)
            .Build();
    }
}
