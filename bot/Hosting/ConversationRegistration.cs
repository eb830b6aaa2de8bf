using BranchBot.Core.Conversations;
using BranchBot.Core.Inbox;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BranchBot.Bot.Hosting;

internal static class ConversationRegistration
{
    /// <summary>The router, the inbox processor and their options. Features register as <see cref="IConversationFeature"/>.</summary>
    public static WebApplicationBuilder AddBotConversations(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ConversationOptions>(ConversationOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ScanResults>();
        builder.Services.AddSingleton(sp => new ConversationRouter(
            sp.GetServices<IConversationFeature>(), sp.GetServices<IEventObserver>(), sp.GetServices<IFallbackHandler>(), sp.GetRequiredService<ScanResults>(),
            sp.GetService<BranchBot.Core.Members.IMemberLifecycleStore>()));
        builder.Services.AddSingleton<InboxProcessor>();
        return builder;
    }
}
