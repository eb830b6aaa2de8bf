using BranchBot.Adapters.WeChat.Api;
using BranchBot.Adapters.WeChat.Protocol;
using BranchBot.Adapters.WeChat.Templates;
using BranchBot.Core.Reminders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.WeChat;

public static class WeChatServiceCollectionExtensions
{
    /// <summary>
    /// The official account: options (validated at start-up), the push protocol, and the outbound API client
    /// with its shared access token. Needs an <see cref="BranchBot.Core.Storage.ISharedState"/> and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddWeChatOfficialAccount(this IServiceCollection services)
    {
        services.AddOptions<WeChatOptions>()
            .BindConfiguration(WeChatOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<WeChatOptions>, WeChatOptionsDefaults>();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();
        services.AddSingleton<IValidateOptions<RemindersOptions>, TemplateFieldsValidator>();

        services.AddSingleton<WeChatWebhook>();
        services.AddSingleton<WeChatPipelines>();
        services.AddHttpClient(WeChatHttp.ClientName);
        services.AddSingleton<WeChatHttp>();
        services.AddSingleton<AccessTokenProvider>();
        services.AddSingleton<WeChatApiClient>();
        services.AddSingleton<WeChatMessenger>();
        services.AddSingleton<Menu.WeChatTags>();
        services.AddSingleton<Menu.MenuPublisher>();
        return services;
    }
}
