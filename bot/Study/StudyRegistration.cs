using BranchBot.Bot.Hosting;
using BranchBot.Core.Conversations;
using BranchBot.Core.Members;
using BranchBot.Core.Study;

namespace BranchBot.Bot.Study;

internal static class StudyRegistration
{
    /// <summary>Members and binding, the study quiz, points and rankings, and the sample data of the embedded default.</summary>
    public static WebApplicationBuilder AddBotStudy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<QuizOptions>(QuizOptions.Section);
        services.AddValidatedOptions<MembersOptions>(MembersOptions.Section);
        services.AddValidatedOptions<SampleDataOptions>(SampleDataOptions.Section);

        services.AddSingleton<QuestionBankCache>();
        services.AddSingleton<RankingRebuild>();
        services.AddSingleton<BindingCodes>();
        services.AddSingleton<IConversationFeature, BindingFeature>();
        services.AddSingleton<IConversationFeature, DailyQuizFeature>();
        services.AddSingleton<IConversationFeature, ChallengeFeature>();
        services.AddSingleton<IConversationFeature, TopicQuizFeature>();
        services.AddSingleton<IConversationFeature, WrongBookFeature>();
        services.AddSingleton<IConversationFeature, PointsFeature>();
        services.AddSingleton<IEventObserver, SubscriptionObserver>();
        services.AddSingleton<IFallbackHandler, QuizFallback>();

        services.AddSingleton<DemoData>();
        services.AddSingleton<DemoActivity>();
        services.AddSingleton<Members.DemoLifecycle>();

        // Sample data first, so the bank refresher's first load already sees it.
        services.AddHostedService<SampleDataSeeder>();
        services.AddSingleton<QuestionBankRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<QuestionBankRefresher>());
        return builder;
    }

}
