using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Core.Accounts;

/// <summary>Session tokens: 32 random bytes, base64url; stores keep only their SHA-256 digest.</summary>
public static class SessionToken
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
