using BranchBot.Bot.Bulletins;
using BranchBot.Bot.Hosting;
using BranchBot.Core.Bulletins;
using BranchBot.Core.Conversations;
using BranchBot.Core.Ratings;
using BranchBot.Core.Reminders;

namespace BranchBot.Bot.Ratings;

internal static class RatingsRegistration
{
    /// <summary>Star ratings (星级), the monthly bulletin (通报), their options, the snapshot and bulletin workers, and the demo history.</summary>
    public static WebApplicationBuilder AddBotRatings(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RatingOptions>(RatingOptions.Section);
        services.AddValidatedOptions<BulletinOptions>(BulletinOptions.Section);
        services.AddSingleton<BranchFigureReader>();
        services.AddSingleton<RatingService>();
        services.AddSingleton<BulletinService>();
        services.AddSingleton<DemoRatings>();
        services.AddSingleton<IConversationFeature, StarsFeature>();
        services.AddSingleton<IConversationFeature, BulletinFeature>();

        // The same switch as the other workers: an instance that runs none leaves them to the others.
        var workers = builder.Configuration.GetSection(RemindersOptions.Section).Get<RemindersOptions>()?.RunWorkers ?? true;
        if (workers)
        {
            services.AddHostedService<RatingSnapshotWorker>();
            services.AddHostedService<BulletinWorker>();
        }

        return builder;
    }
}
