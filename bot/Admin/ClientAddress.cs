using System.Net;
using BranchBot.Core.Accounts;

namespace BranchBot.Bot.Admin;

/// <summary>
/// The client's address for sign-in limits: the connection's, or the last <c>X-Forwarded-For</c> entry when the
/// connection comes from loopback or a configured proxy (the entry that proxy added; earlier ones can be forged).
/// </summary>
internal static class ClientAddress
{
    public static string Of(HttpContext http, ConsoleOptions options)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return "unknown";
        }

        remote = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        var trusted = IPAddress.IsLoopback(remote) || options.TrustedProxies.Any(p => IPAddress.TryParse(p, out var proxy) && proxy.Equals(remote));
        var forwarded = http.Request.Headers["X-Forwarded-For"].ToString().Split(',').LastOrDefault()?.Trim();
        return trusted && IPAddress.TryParse(forwarded, out var client) ? client.ToString() : remote.ToString();
    }
}
