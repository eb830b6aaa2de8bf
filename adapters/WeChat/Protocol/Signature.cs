using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Adapters.WeChat.Protocol;

/// <summary>WeChat's request signatures: SHA-1 over the parts sorted ordinally and concatenated.</summary>
public static class Signature
{
    /// <summary>Lowercase hex SHA-1 of the parts sorted with <see cref="StringComparer.Ordinal"/> (never culture order).</summary>
    public static string Compute(params string[] parts)
    {
        var sorted = (string[])parts.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted)));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Compares a received hex signature with the expected one in constant time, ignoring hex case.</summary>
    public static bool Matches(string? received, params string[] parts)
    {
        if (string.IsNullOrEmpty(received) || received.Length != 40)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(parts));
        var actual = Encoding.ASCII.GetBytes(received.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
