using BranchBot.Core.Members;
using BranchBot.Core.Reminders;

namespace BranchBot.Bot.Admin;

/// <summary>The console's data endpoints (members, study, compliance, deliveries, competitions) and their services.</summary>
internal static class ConsoleDataRegistration
{
    public static IServiceCollection AddConsoleData(this IServiceCollection services)
    {
        services.AddSingleton<RosterImport>();
        services.AddSingleton<DeliveryRetry>();
        return services;
    }

    public static RouteGroupBuilder MapConsoleData(this RouteGroupBuilder api)
    {
        api.MapMemberEndpoints();
        api.MapStudyEndpoints();
        api.MapComplianceEndpoints();
        api.MapDeliveryEndpoints();
        return api;
    }
}
