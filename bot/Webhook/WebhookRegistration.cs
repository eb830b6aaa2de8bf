namespace BranchBot.Bot.Webhook;

internal static class WebhookRegistration
{
    public static WebApplicationBuilder AddBotWebhook(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebhookHandler>();
        builder.Services.AddSingleton<DeferredReplies>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeferredReplies>());
        // The webhook enforces its own, smaller limit and answers 413; this only caps other routes.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024 * 1024);
        return builder;
    }

    public static IEndpointRouteBuilder MapWeChatWebhook(this IEndpointRouteBuilder app)
    {
        app.MapGet("/wechat", (HttpContext context, WebhookHandler handler) => handler.HandshakeAsync(context));
        app.MapPost("/wechat", (HttpContext context, WebhookHandler handler) => handler.PushAsync(context));
        return app;
    }
}
