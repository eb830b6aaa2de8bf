using BranchBot.Adapters.Memory;
using BranchBot.Adapters.WeChat;
using BranchBot.Adapters.WeChat.Api;
using BranchBot.Core.Messaging;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.Hosting;

internal static class MessagingRegistration
{
    /// <summary>
    /// The official account, and where outbound pushes go: the WeChat API when an AppSecret is configured,
    /// else the local outbox that the console chat shows.
    /// </summary>
    public static WebApplicationBuilder AddBotMessaging(this WebApplicationBuilder builder)
    {
        builder.Services.AddWeChatOfficialAccount();
        builder.Services.AddSingleton<LocalOutbox>();
        builder.Services.AddSingleton<IMessenger>(sp =>
            sp.GetRequiredService<IOptions<WeChatOptions>>().Value.UsesApi
                ? sp.GetRequiredService<WeChatMessenger>()
                : sp.GetRequiredService<LocalOutbox>());
        return builder;
    }
}
