using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace BranchBot.Adapters.Redis;

public static class RedisTelemetry
{
    /// <summary>Redis commands as spans under the push that made them, once the store's connection is up.</summary>
    public static TracerProviderBuilder AddRedisStoreInstrumentation(this TracerProviderBuilder tracing) =>
        tracing.AddRedisInstrumentation().ConfigureRedisInstrumentation((sp, instrumentation) =>
            sp.GetService<RedisConnection>()?.WhenConnected(m => instrumentation.AddConnection(m)));
}
