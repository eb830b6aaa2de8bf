using System.Net;
using BranchBot.Adapters.Memory;
using BranchBot.Adapters.WeChat;
using BranchBot.Bot.Admin;
using BranchBot.Bot.Hosting;
using BranchBot.Core.Accounts;
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

        // A new one-time console sign-in link for `dotnet run --project bot -- sign-in-link` (the embedded store lives
        // in this process, so the tool asks it). Loopback callers only, local trial only.
        app.MapPost("/local/sign-in-link", async (HttpContext context, SignInLinks links, CancellationToken ct) =>
        {
            var remote = context.Connection.RemoteIpAddress;
            if (remote is null || !IPAddress.IsLoopback(remote))
            {
                return Results.NotFound();
            }

            var token = await links.IssueAsync(ct);
            return Results.Json(new { link = SignInLinkAnnouncer.Format($"{context.Request.Scheme}://{context.Request.Host}", token) });
        });
        return app;
    }
}
