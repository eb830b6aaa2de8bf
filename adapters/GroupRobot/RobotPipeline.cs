using Microsoft.Extensions.Logging;
using System.Globalization;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace BranchBot.Adapters.GroupRobot;

/// <summary>
/// The road every post takes: retry with jittered exponential backoff (only posts the robot refused without showing,
/// and connection failures before the request left), around a per-attempt timeout. A timeout is never retried: the
/// group may already show the message. Throttling is not here: posts are paced per webhook by <see cref="WebhookQueue"/>.
/// </summary>
internal sealed class RobotPipeline
{
    private readonly TimeSpan _attemptTimeout;
    private readonly ResiliencePipeline<RobotAttempt> _pipeline;

    public RobotPipeline(GroupRobotOptions options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        _attemptTimeout = options.AttemptTimeout;
        var builder = new ResiliencePipelineBuilder<RobotAttempt> { TimeProvider = time, Name = "group-robot" };
        if (loggerFactory is not null)
        {
            // Retries and circuit events on the Polly meter and in the log.
            builder.ConfigureTelemetry(loggerFactory);
        }

        if (options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<RobotAttempt>
            {
                ShouldHandle = new PredicateBuilder<RobotAttempt>()
                    .HandleResult(a => a.RetryNow)
                    .Handle<HttpRequestException>(IsBeforeSend),
                MaxRetryAttempts = options.Retries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        _pipeline = builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>Runs <paramref name="attempt"/> (one HTTP POST) through the pipeline; infrastructure failures become outcomes.</summary>
    public async Task<RobotAttempt> ExecuteAsync(Func<CancellationToken, ValueTask<RobotAttempt>> attempt, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(attempt, cancellationToken);
        }
        catch (TimeoutRejectedException) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = _attemptTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return RobotAttempt.Failed("Timeout", $"the robot did not answer within {seconds} s; the group may show the message, so it is not retried");
        }
        catch (HttpRequestException e) when (IsBeforeSend(e))
        {
            return RobotAttempt.Failed("ConnectionFailed", $"could not connect to the robot ({e.HttpRequestError}); nothing was posted");
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return RobotAttempt.Failed("NetworkError", $"the connection failed mid-post ({e.GetType().Name}); the group may show the message, so it is not retried");
        }
    }

    /// <summary>Failures that happen before any byte of the request reached the robot, so a repeat cannot post twice.</summary>
    internal static bool IsBeforeSend(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
}
