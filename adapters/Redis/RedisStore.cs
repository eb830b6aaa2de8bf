using BranchBot.Core.Inbox;
using BranchBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// The Redis store. The message path costs two round trips (claim, commit), each one Lua script.
/// Uses only StackExchange.Redis API that 2.x keeps (scripts, strings, hashes, PING).
/// </summary>
public sealed partial class RedisStore(RedisConnection connection, IOptions<ConversationOptions> options, IOptions<RedisOptions>? redisOptions = null) : IBotStore
{
    public string StoreName => "redis";

    private RedisKeys Keys => connection.Keys;

    private ConversationOptions Options => options.Value;

    public async Task<StoreHealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await connection.IsConnectedAsync(cancellationToken))
            {
                return new StoreHealthReport(false, "redis not connected");
            }

            var latency = await connection.RunAsync(db => db.PingAsync(), cancellationToken);
            return new StoreHealthReport(true, $"redis ping {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new StoreHealthReport(false, "redis unreachable: " + e.GetType().Name);
        }
    }

    private static long Ms(TimeSpan value) => (long)value.TotalMilliseconds;
}
