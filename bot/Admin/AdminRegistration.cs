using BranchBot.Bot.Hosting;

namespace BranchBot.Bot.Admin;

internal static class AdminRegistration
{
    public static WebApplicationBuilder AddBotAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AdminOptions>(AdminOptions.Section);
        builder.Services.AddSingleton<AdminAuth>();
        builder.Services.AddConsoleData();
        return builder;
    }

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<AdminAuth>();
        api.MapMeetingEndpoints();
        api.MapCompetitionEndpoints();
        api.MapConsoleData();
        api.MapFallback(() => ApiErrors.NotFound("没有这个接口"));
        return app;
    }
}
