using System.Security.Cryptography;
using System.Text;
using BranchBot.Core.Accounts;

namespace BranchBot.Bot.Admin;

/// <summary>
/// The configured API keys, compared as SHA-256 digests in constant time so neither content nor length leaks through
/// timing. Used by the bearer check and by sign-in with a key.
/// </summary>
internal sealed class ConsoleKeys(AdminOptions options)
{
    private readonly (byte[] Digest, AdminCaller Caller, string KeyId)[] _keys = options.ApiKeys
        .Select(k => (Digest(k.Key), new AdminCaller(k.Name, string.IsNullOrWhiteSpace(k.BranchId) ? null : k.BranchId), KeyIdentity.IdOf(k.Key)))
        .ToArray();

    /// <summary>The configured key <paramref name="bearer"/> is, with its id, or null.</summary>
    public (AdminCaller Caller, string KeyId)? Match(string bearer)
    {
        var digest = Digest(bearer);
        (AdminCaller, string)? match = null;
        foreach (var (key, who, id) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key, digest))
            {
                match = (who, id);
            }
        }

        return match;
    }

    /// <summary>
    /// Whether a key's session still stands: only while that very key (not just its name) is configured with the same
    /// branch. A sign-in link's session is an administrator's for its lifetime.
    /// </summary>
    public bool StillValid(ConsoleSession session) =>
        !session.ViaKey || session.KeyId == KeyIdentity.LinkId ||
        _keys.Any(k => k.KeyId == session.KeyId && k.Caller.Name == session.Name && k.Caller.BranchId == session.BranchId);

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
