using BranchBot.Core.Accounts;
using BranchBot.Core.Audit;
using BranchBot.Core.Competitions;
using BranchBot.Core.Inbox;
using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>The Redis store behind the core's store ports, over one shared multiplexer.</summary>
    public static IServiceCollection AddRedisStore(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<RedisStore>();
        services.AddSingleton<IConversationStore>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<ISharedState>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IStoreHealth>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IMemberStore>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IStudyStore>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IRankingStore>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IQuestionStore>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IMeetingStore>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IMeetingRecords>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IReminderQueue>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IDeliveryProblems>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<ICompetitionStore>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<RedisStore>());
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<RedisStore>());
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
