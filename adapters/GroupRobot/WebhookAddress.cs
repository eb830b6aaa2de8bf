namespace BranchBot.Adapters.GroupRobot;

/// <summary>
/// Which webhook addresses may be called, and how an address appears in logs. The robot's key in the query string is
/// its only credential, so logs show the host, the path and the first characters of the key.
/// </summary>
internal sealed class WebhookAddress(IEnumerable<string> allowedHosts)
{
    private const int KeyCharactersShown = 4;

    private readonly HashSet<string> _allowedHosts = new(allowedHosts, StringComparer.OrdinalIgnoreCase);

    /// <summary>The address to call, or null with the reason it is refused.</summary>
    public Uri? Accept(string webhookUrl, out string reason)
    {
        if (!Uri.TryCreate(webhookUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            reason = "not an absolute http(s) address";
            return null;
        }

        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            reason = "plain http (only https is used, except to a loopback host)";
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            reason = "user information in the address";
            return null;
        }

        if (!_allowedHosts.Contains(uri.IdnHost))
        {
            reason = $"host {uri.IdnHost} is not in GroupRobot:AllowedHosts";
            return null;
        }

        // Only the form of a robot webhook: its path and one key. The address is rebuilt from those alone, so one robot
        // key gets one queue however the address was written, and nothing else of a caller's address is ever sent.
        var key = Key(uri.Query);
        if (!string.Equals(uri.AbsolutePath, RobotPath, StringComparison.Ordinal) || key is not { Length: > 0 and <= 128 } || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            reason = $"not a robot webhook ({RobotPath}?key=…)";
            return null;
        }

        reason = string.Empty;
        return new Uri($"{uri.Scheme}://{uri.IdnHost}{(uri.IsDefaultPort ? string.Empty : ":" + uri.Port)}{RobotPath}?key={key}");
    }

    /// <summary>The path of every WeCom group robot webhook.</summary>
    public const string RobotPath = "/cgi-bin/webhook/send";

    /// <summary>The address without its secret: <c>qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…</c>.</summary>
    public static string Describe(string webhookUrl) =>
        Uri.TryCreate(webhookUrl, UriKind.Absolute, out var uri) ? Describe(uri) : "(not an address)";

    public static string Describe(Uri uri)
    {
        if (uri.Scheme is not ("https" or "http"))
        {
            return uri.Scheme + "://" + uri.IdnHost;
        }

        var text = uri.IdnHost + (uri.IsDefaultPort ? string.Empty : ":" + uri.Port) + uri.AbsolutePath;
        var key = Key(uri.Query);
        return key is null ? text : text + "?key=" + key[..Math.Min(KeyCharactersShown, key.Length)] + "…";
    }

    private static string? Key(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith("key=", StringComparison.OrdinalIgnoreCase))
            {
                return pair[4..];
            }
        }

        return null;
    }
}
