using BranchBot.Bot.Health;
using BranchBot.Bot.LocalTools;
using BranchBot.Bot.Study;
using BranchBot.Bot.Webhook;

namespace BranchBot.Bot.Hosting;

/// <summary>Builds the bot's web host; Program.cs and the end-to-end tests use the same path.</summary>
public static class BotApp
{
    /// <param name="configure">Lets tests replace services (clock, extra features) before the host is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddBotStore();
        builder.AddBotConversations();
        builder.AddBotMessaging();
        builder.AddBotWebhook();
        builder.AddBotStudy();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapWeChatWebhook();
        app.MapHealth();
        app.MapLocalOutbox();
        return app;
    }
}
