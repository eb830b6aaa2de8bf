using BranchBot.Core.Members;
using BranchBot.Core.Reminders;
using BranchBot.Bot.Accounts;
using BranchBot.Bot.Audit;
using BranchBot.Bot.Meetings;
using BranchBot.Bot.Competitions;
using BranchBot.Bot.Members;
using BranchBot.Bot.Study;
using BranchBot.Bot.Reminders;

namespace BranchBot.Bot.Admin;

/// <summary>The console's data endpoints (members, study, compliance, deliveries, competitions) and their services.</summary>
internal static class ConsoleDataRegistration
{
    public static IServiceCollection AddConsoleData(this IServiceCollection services)
    {
        services.AddSingleton<RosterImport>();
        services.AddSingleton<MemberLifecycle>();
        services.AddSingleton<BranchBot.Core.Common.ISpreadsheetReader, BranchBot.Adapters.Documents.Xlsx.XlsxReader>();
        services.AddSingleton<DeliveryRetry>();
        services.AddSingleton<IScopedLoader<BranchBot.Core.Meetings.Meeting>, MeetingScope>();
        services.AddSingleton<IScopedLoader<BranchBot.Core.Competitions.Room>, RoomScope>();
        services.AddSingleton<IScopedLoader<Member>, MemberScope>();
        return services;
    }

    public static RouteGroupBuilder MapConsoleData(this RouteGroupBuilder api)
    {
        api.MapMemberEndpoints();
        api.MapMemberLifecycleEndpoints();
        api.MapStudyEndpoints();
        api.MapComplianceEndpoints();
        api.MapDeliveryEndpoints();
        return api;
    }
}
