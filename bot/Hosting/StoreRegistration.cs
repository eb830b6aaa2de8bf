using BranchBot.Adapters.Memory;
using BranchBot.Adapters.Redis;
using BranchBot.Core.Accounts;
using BranchBot.Core.Audit;
using BranchBot.Core.Competitions;
using BranchBot.Core.Inbox;
using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Core.Storage;

namespace BranchBot.Bot.Hosting;

internal static class StoreRegistration
{
    /// <summary>Redis when <c>Redis:Configuration</c> is set, else the embedded in-memory store.</summary>
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
        }
        else
        {
            builder.Services.AddSingleton<MemoryStore>();
            builder.Services.AddSingleton<IConversationStore>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<ISharedState>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IStoreHealth>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IMemberStore>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IStudyStore>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IRankingStore>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IQuestionStore>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IMeetingStore>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IMeetingRecords>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IReminderQueue>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IDeliveryProblems>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<ICompetitionStore>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<MemoryStore>());
            builder.Services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<MemoryStore>());
        }

        return builder;
    }
}
