using BranchBot.Bot.Admin;
using BranchBot.Bot.Competitions;
using BranchBot.Bot.Health;
using BranchBot.Bot.Meetings;
using BranchBot.Bot.MemberPoints;
using BranchBot.Bot.Menu;
using BranchBot.Bot.LocalTools;
using BranchBot.Bot.Matches;
using BranchBot.Bot.Ratings;
using BranchBot.Bot.Study;
using BranchBot.Bot.Webhook;
using BranchBot.Bot.WebConsole;

namespace BranchBot.Bot.Hosting;

/// <summary>Builds the bot's web host; Program.cs and the end-to-end tests use the same path.</summary>
public static class BotApp
{
    /// <param name="configure">Lets tests replace services (clock, extra features) before the host is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddHostingMode();
        builder.AddBotForwardedHeaders();
        builder.AddBotTelemetry();
        builder.AddBotStore();
        builder.AddBotConversations();
        builder.AddBotMessaging();
        builder.AddBotWebhook();
        builder.AddBotStudy();
        builder.AddBotMeetings();
        builder.AddBotMemberPoints();
        builder.AddBotCompetitions();
        builder.AddBotMatches();
        builder.AddBotRatings();
        builder.AddBotMenu();
        builder.AddBotAdmin();
        builder.AddBotConsole();
        builder.AddBotHealth();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseAdminApiProblems();
        app.UseRouting();
        app.UseRouteRequestSizeLimits();
        app.UseAdminApi();
        app.MapBotTelemetry();
        app.MapWeChatWebhook();
        app.MapHealth();
        app.MapLocalOutbox();
        app.MapAdminApi();
        app.MapConsole();
        return app;
    }
}
