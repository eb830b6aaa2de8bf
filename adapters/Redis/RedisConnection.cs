using BranchBot.Core.Storage;
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

    /// <summary>Calls <paramref name="use"/> with the multiplexer once it exists (instrumentation hooks onto it).</summary>
    internal void WhenConnected(Action<IConnectionMultiplexer> use) =>
        _ = _multiplexer.Value.ContinueWith(t => use(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

    internal TimeSpan Timeout => _options.OperationTimeout;

    internal string KeyPrefix => _options.KeyPrefix;

    /// <summary>Every primary (one server, or each cluster shard's master), for the rare operations that scan every key.</summary>
    internal async Task<IReadOnlyList<IServer>> PrimariesAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await _multiplexer.Value.WaitAsync(_options.OperationTimeout * 5, cancellationToken);
        return multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
    }

    public async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _multiplexer.Value.WaitAsync(_options.OperationTimeout * 5, cancellationToken)).GetDatabase();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    public async Task<bool> IsConnectedAsync(CancellationToken cancellationToken) =>
        (await _multiplexer.Value.WaitAsync(_options.OperationTimeout * 5, cancellationToken)).IsConnected;

    /// <summary>Runs a store call with the operation timeout and the caller's cancellation (the client's commands take no token).</summary>
    internal async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync(cancellationToken);
        try
        {
            return await call(db).WaitAsync(_options.OperationTimeout, cancellationToken);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>As <see cref="RunAsync{T}"/>, for calls with no result.</summary>
    internal async Task DoAsync(Func<IDatabase, Task> call, CancellationToken cancellationToken)
    {
        var db = await DatabaseAsync(cancellationToken);
        try
        {
            await call(db).WaitAsync(_options.OperationTimeout, cancellationToken);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Executes a transaction (a bulk write: ten operation timeouts); false when a condition stopped it.</summary>
    internal async Task<bool> CommitAsync(ITransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            return await transaction.ExecuteAsync().WaitAsync(_options.OperationTimeout * 10, cancellationToken);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>A failure of reaching Redis (down, unreachable, too slow), as opposed to an error in a command or script.</summary>
    private static bool IsUnavailable(Exception e) => e is TimeoutException or RedisConnectionException or RedisTimeoutException;

    private StoreUnavailableException Unavailable(Exception e) =>
        new($"Redis did not answer within {_options.OperationTimeout.TotalMilliseconds:0} ms or could not be reached ({e.GetType().Name})", e);

    private Task<ConnectionMultiplexer> ConnectAsync()
    {
        var config = ConfigurationOptions.Parse(_options.Configuration);
        config.AbortOnConnectFail = false;
        config.ConnectRetry = 3;
        config.ConnectTimeout = (int)Math.Max(_options.OperationTimeout.TotalMilliseconds, 1000);
        config.SyncTimeout = (int)Math.Max(_options.OperationTimeout.TotalMilliseconds, 1000);
        return ConnectAsync(config);
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions config) => await ConnectionMultiplexer.ConnectAsync(config);

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
