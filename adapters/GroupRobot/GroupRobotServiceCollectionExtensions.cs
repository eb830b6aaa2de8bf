using System.Net;
using BranchBot.Core.Competitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.GroupRobot;

public static class GroupRobotServiceCollectionExtensions
{
    /// <summary>
    /// Group robots: options from the <c>GroupRobot</c> section (validated at start-up), <see cref="IGroupRobot"/> as a
    /// singleton that queues per webhook, and the hosted service that posts the queued messages. Uses the registered
    /// <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddGroupRobot(this IServiceCollection services)
    {
        services.AddOptions<GroupRobotOptions>()
            .BindConfiguration(GroupRobotOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GroupRobotOptions>, GroupRobotOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // Addresses are checked before the call; a redirect must not lead the post (and its key) elsewhere.
        services.AddHttpClient(WebhookClient.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All });
        services.TryAddSingleton<WebhookClient>();
        services.TryAddSingleton<WebhookQueues>();
        services.TryAddSingleton<IGroupRobot, WeComGroupRobot>();
        services.AddHostedService<GroupRobotDispatcher>();
        return services;
    }
}
