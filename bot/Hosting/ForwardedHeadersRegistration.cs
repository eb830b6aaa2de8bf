using System.Net;
using BranchBot.Core.Accounts;
using Microsoft.AspNetCore.HttpOverrides;

namespace BranchBot.Bot.Hosting;

/// <summary>
/// The client address, decided once per request by the framework's forwarded-headers middleware: the connection's
/// address, or the last <c>X-Forwarded-For</c> entry when the connection comes from loopback or a configured proxy
/// (<c>Console:TrustedProxies</c>, <c>Console:TrustedNetworks</c>). Everything that decides by address (sign-in limits,
/// the local-trial endpoints, logs) then reads <c>HttpContext.Connection.RemoteIpAddress</c>.
/// </summary>
internal static class ForwardedHeadersRegistration
{
    public static WebApplicationBuilder AddBotForwardedHeaders(this WebApplicationBuilder builder)
    {
        var console = builder.Configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Add(IPAddress.Loopback);
            options.KnownProxies.Add(IPAddress.IPv6Loopback);
            foreach (var proxy in console.TrustedProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    options.KnownProxies.Add(address);
                }
            }

            foreach (var network in console.TrustedNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    options.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return builder;
    }
}
