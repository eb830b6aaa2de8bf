using System.Net;

namespace BranchBot.Bot.Admin;

/// <summary>
/// The client's address for sign-in limits, as the forwarded-headers middleware left it (ForwardedHeadersRegistration):
/// IPv4 as itself, IPv6 bucketed by its /64, since one household or phone gets a whole /64 to rotate through.
/// </summary>
internal static class ClientAddress
{
    public static string Of(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return "unknown";
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            return remote.MapToIPv4().ToString();
        }

        if (remote.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return remote.ToString();
        }

        var bytes = remote.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
