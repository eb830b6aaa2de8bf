using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// The one long-lived multiplexer. Connects without aborting when Redis is down, so the bot starts anyway
/// (health shows the outage) and reconnects by itself.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer;
    private readonly RedisOptions _options;

    public RedisConnection(IOptions<RedisOptions> options)
    {
        _options = options.Value;
        _multiplexer = new Lazy<Task<ConnectionMultiplexer>>(ConnectAsync);
    }

    internal RedisKeys Keys => new(_options.KeyPrefix);

    internal TimeSpan Timeout => _options.OperationTimeout;

    public async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken) =>
        (await _multiplexer.Value.WaitAsync(_options.OperationTimeout * 5, cancellationToken)).GetDatabase();

    public async Task<bool> IsConnectedAsync(CancellationToken cancellationToken) =>
        (await _multiplexer.Value.WaitAsync(_options.OperationTimeout * 5, cancellationToken)).IsConnected;

    /// <summary>Runs a store call with the operation timeout and the caller's cancellation (1.2.6 takes no token).</summary>
    internal async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync(cancellationToken);
        return await call(db).WaitAsync(_options.OperationTimeout, cancellationToken);
    }

    /// <summary>As <see cref="RunAsync{T}"/>, for calls with no result.</summary>
    internal async Task DoAsync(Func<IDatabase, Task> call, CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync(cancellationToken);
        await call(db).WaitAsync(_options.OperationTimeout, cancellationToken);
    }

    private Task<ConnectionMultiplexer> ConnectAsync()
    {
        var config = ConfigurationOptions.Parse(_options.Configuration);
        config.AbortOnConnectFail = false;
        config.ConnectRetry = 3;
        config.ConnectTimeout = (int)Math.Max(_options.OperationTimeout.TotalMilliseconds, 1000);
        config.SyncTimeout = (int)Math.Max(_options.OperationTimeout.TotalMilliseconds, 1000);
        return ConnectAsync(config);
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions config)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(config);

        // 1.x runs every async completion in order through one dedicated queue: three thread hand-offs per round trip,
        // the largest CPU cost on the message path. Nothing here relies on that order (each call is awaited), so
        // completions go straight to the thread pool. 2.x removed the queue and keeps this property as a no-op.
#pragma warning disable CS0618 // obsolete in 2.x only
        multiplexer.PreserveAsyncOrder = false;
#pragma warning restore CS0618
        return multiplexer;
    }

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully)
        {
            // Nothing is awaited any more when the host stops; not waiting for in-flight commands saves seconds.
            _multiplexer.Value.Result.Close(allowCommandsToComplete: false);
            _multiplexer.Value.Result.Dispose();
        }
    }
}
