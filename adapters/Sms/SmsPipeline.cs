using Microsoft.Extensions.Logging;
using System.Globalization;
using System.Threading.RateLimiting;
using BranchBot.Core.Reminders;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace BranchBot.Adapters.Sms;

/// <summary>
/// The road every call to one provider takes, one per provider and process (held by the provider's singleton sender):
/// retry with jittered exponential backoff (only calls the provider refused without sending, and connection failures
/// before the request left), then the token-bucket rate limiter, then a circuit breaker and a per-attempt timeout.
/// A timeout is never retried: the provider may have sent the text, and providers do not de-duplicate.
/// </summary>
internal sealed class SmsPipeline : IDisposable
{
    /// <summary>Sends waiting for the rate limiter beyond this many are refused at once (retryable).</summary>
    public const int QueueLimit = 10_000;

    private readonly string _provider;
    private readonly TimeSpan _attemptTimeout;
    private readonly ResiliencePipeline<SmsAttempt> _retry;
    private readonly ResiliencePipeline<SmsAttempt> _attempt;
    private readonly TokenBucketRateLimiter _limiter;

    /// <param name="loggerFactory">Polly's telemetry: retries and circuit events on the <c>Polly</c> meter and in the log.</param>
    public SmsPipeline(string provider, SmsOptions options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        _provider = provider;
        _attemptTimeout = options.AttemptTimeout;
        var (period, tokens) = Replenishment(options.RatePerSecond);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.RatePerSecond,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        _retry = BuildRetry(options, time, Telemetry(provider, "retry", loggerFactory));
        _attempt = BuildAttempt(options, time, Telemetry(provider, "circuit", loggerFactory));
    }

    /// <summary>The send rate limiter (its statistics show how many calls went out and how many wait).</summary>
    public RateLimiter Limiter => _limiter;

    /// <summary>
    /// How the bucket refills to give <paramref name="ratePerSecond"/>: one token every 1/rate s up to 20 per second, above
    /// that rate/20 tokens (rounded up) per period of about 50 ms. The limiter adds a fixed number of tokens per tick of
    /// its timer, and a timer cannot tick every millisecond: one token per 1 ms would hold the real rate near 250/s
    /// whatever the setting.
    /// </summary>
    internal static (TimeSpan Period, int Tokens) Replenishment(int ratePerSecond)
    {
        var tokens = (ratePerSecond + 19) / 20;
        return (TimeSpan.FromSeconds((double)tokens / ratePerSecond), tokens);
    }

    /// <summary>Runs <paramref name="attempt"/> (one signed HTTP call, built afresh each time) through the pipeline.</summary>
    public async Task<SmsResult> ExecuteAsync(Func<CancellationToken, ValueTask<SmsAttempt>> attempt, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await _retry.ExecuteAsync(
                async ct =>
                {
                    using var lease = await _limiter.AcquireAsync(1, ct);
                    if (!lease.IsAcquired)
                    {
                        return SmsAttempt.Later("RateLimited", $"more than {QueueLimit} texts are waiting for the {_provider} send rate; try again later");
                    }

                    return await _attempt.ExecuteAsync(attempt, ct);
                },
                cancellationToken);
            return outcome.Result;
        }
        catch (TimeoutRejectedException) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = _attemptTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return SmsResult.Failed("Timeout", $"{_provider} did not answer within {seconds} s; the text may have been sent, so it is not retried", false);
        }
        catch (BrokenCircuitException)
        {
            return SmsResult.Failed("CircuitOpen", $"calls to {_provider} are paused after repeated failures; nothing was sent", true);
        }
        catch (HttpRequestException e) when (IsBeforeSend(e))
        {
            return SmsResult.Failed("ConnectionFailed", $"could not connect to {_provider} ({e.HttpRequestError}); nothing was sent", true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return SmsResult.Failed("NetworkError", $"the connection to {_provider} failed mid-call ({e.GetType().Name}); the text may have been sent, so it is not retried", false);
        }
    }

    /// <summary>Failures that happen before any byte of the request reached the provider, so a repeat cannot send twice.</summary>
    internal static bool IsBeforeSend(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    /// <summary>Names the pipeline for its metrics and, with a logger factory, turns Polly's telemetry on.</summary>
    private static Action<ResiliencePipelineBuilder<SmsAttempt>> Telemetry(string provider, string instance, ILoggerFactory? loggerFactory) => builder =>
    {
        builder.Name = "sms-" + provider;
        builder.InstanceName = instance;
        if (loggerFactory is not null)
        {
            builder.ConfigureTelemetry(loggerFactory);
        }
    };

    private static ResiliencePipeline<SmsAttempt> BuildRetry(SmsOptions o, TimeProvider time, Action<ResiliencePipelineBuilder<SmsAttempt>> telemetry)
    {
        var builder = new ResiliencePipelineBuilder<SmsAttempt> { TimeProvider = time };
        telemetry(builder);
        if (o.Retries == 0)
        {
            return builder.Build();
        }

        return builder
            .AddRetry(new RetryStrategyOptions<SmsAttempt>
            {
                ShouldHandle = new PredicateBuilder<SmsAttempt>()
                    .HandleResult(a => a.RetryNow)
                    .Handle<HttpRequestException>(IsBeforeSend),
                MaxRetryAttempts = o.Retries,
                Delay = o.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();
    }

    private static ResiliencePipeline<SmsAttempt> BuildAttempt(SmsOptions o, TimeProvider time, Action<ResiliencePipelineBuilder<SmsAttempt>> telemetry)
    {
        var builder = new ResiliencePipelineBuilder<SmsAttempt> { TimeProvider = time };
        telemetry(builder);
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<SmsAttempt>
            {
                ShouldHandle = new PredicateBuilder<SmsAttempt>()
                    .HandleResult(a => a.RetryNow)
                    .Handle<HttpRequestException>().Handle<TimeoutRejectedException>().Handle<IOException>(),
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
            })
            .AddTimeout(o.AttemptTimeout)
            .Build();
    }

    public void Dispose() => _limiter.Dispose();
}
