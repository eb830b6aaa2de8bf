using BranchBot.Adapters.Memory;
using BranchBot.Adapters.Redis;
using BranchBot.Core.Storage;

namespace BranchBot.Bot.Hosting;

internal static class StoreRegistration
{
    /// <summary>Redis when <c>Redis:Configuration</c> is set, else the embedded in-memory store; either way every port of <see cref="IBotStore"/>.</summary>
    public static WebApplicationBuilder AddBotStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var redis = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (redis.Enabled)
        {
            builder.Services.AddRedisStore();
            builder.Services.AddStorePorts<RedisStore>();
        }
        else
        {
            builder.Services.AddSingleton<MemoryStore>();
            builder.Services.AddStorePorts<MemoryStore>();
        }

        return builder;
    }

    /// <summary>The one store as <see cref="IBotStore"/> and as each port it is made of.</summary>
    private static void AddStorePorts<TStore>(this IServiceCollection services)
        where TStore : class, IBotStore
    {
        services.AddSingleton<IBotStore>(sp => sp.GetRequiredService<TStore>());
        foreach (var port in typeof(IBotStore).GetInterfaces())
        {
            services.AddSingleton(port, sp => sp.GetRequiredService<TStore>());
        }
    }
}
