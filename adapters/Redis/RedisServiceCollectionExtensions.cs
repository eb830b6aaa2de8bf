using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>The Redis store over one shared multiplexer; the host registers its ports (<c>IBotStore</c>).</summary>
    public static IServiceCollection AddRedisStore(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisStore>();
        return services;
    }

    private sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
    {
        public ValidateOptionsResult Validate(string? name, RedisOptions options)
        {
            if (!options.Enabled)
            {
                return ValidateOptionsResult.Success;
            }

            try
            {
                ConfigurationOptions.Parse(options.Configuration);
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail("Redis:Configuration is not a valid StackExchange.Redis configuration string: " + e.Message);
            }
        }
    }
}
