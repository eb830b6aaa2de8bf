using BranchBot.Bot.Hosting;
using BranchBot.Core.Accounts;
using BranchBot.Bot.Accounts;
using BranchBot.Bot.Audit;
using BranchBot.Bot.Meetings;
using BranchBot.Bot.Competitions;
using BranchBot.Bot.Members;
using BranchBot.Bot.Menu;
using BranchBot.Bot.Study;
using BranchBot.Bot.Reminders;

namespace BranchBot.Bot.Admin;

internal static class AdminRegistration
{
    public static WebApplicationBuilder AddBotAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AdminOptions>(AdminOptions.Section);
        builder.Services.AddValidatedOptions<ConsoleOptions>(ConsoleOptions.Section);
        builder.Services.AddSingleton<SignInLinks>();
        builder.Services.AddSingleton(_ => new SignInLinkOutput(Console.Out));
        builder.Services.AddHostedService<SignInLinkAnnouncer>();
        builder.Services.AddSingleton<SignInService>();
        builder.Services.AddSingleton<AdminAuth>();
        builder.Services.AddSingleton<AuditFilter>();
        builder.Services.AddSingleton<IdempotencyFilter>();
        builder.Services.AddConsoleData();
        return builder;
    }

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        // Authentication first, then the audit of what the authenticated caller changed, then at-most-once POSTs.
        var api = app.MapGroup("/api").AddEndpointFilter<AdminAuth>().AddEndpointFilter<AuditFilter>().AddEndpointFilter<IdempotencyFilter>();
        api.MapSessionEndpoints();
        api.MapAccountEndpoints();
        api.MapAuditEndpoints();
        api.MapMeetingEndpoints();
        api.MapMeetingPhotoEndpoints();
        api.MapCompetitionEndpoints();
        api.MapMenuEndpoints();
        api.MapConsoleData();
        // Any path, file-like ones (x.csv) included: an /api answer is always JSON.
        api.MapFallback("{*path}", () => ApiErrors.NotFound("没有这个接口"));
        return app;
    }
}
