using System.Net;
using BranchBot.Adapters.Memory;
using BranchBot.Adapters.WeChat;
using BranchBot.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.LocalTools;

internal static class OutboxEndpoints
{
    /// <summary>
    /// <c>/local/outbox</c>: what the bot would have pushed through WeChat, for the console chat. Answers only
    /// loopback callers, and exists only in the local trial (<see cref="HostingMode"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapLocalOutbox(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<HostingMode>().IsLocalTrial)
        {
            return app;
        }

        app.MapGet("/local/outbox", (HttpContext context, LocalOutbox outbox, IOptions<WeChatOptions> wechat, long? after, string? openid) =>
        {
            var remote = context.Connection.RemoteIpAddress;
            if (wechat.Value.UsesApi || remote is null || !IPAddress.IsLoopback(remote))
            {
                return Results.NotFound();
            }

            return Results.Json(outbox.Read(after ?? 0, openid));
        });
        return app;
    }
}
