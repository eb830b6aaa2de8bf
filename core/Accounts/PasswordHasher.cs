using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Core.Accounts;

/// <summary>
/// PBKDF2-HMAC-SHA256 with a random 16-byte salt per hash, stored as <c>pbkdf2-sha256$iterations$salt$hash</c> so the
/// work factor can be raised later without breaking existing hashes.
/// </summary>
public static class PasswordHasher
{
    /// <summary>OWASP's 2021 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int Iterations = 310_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Compared against when the account does not exist, so a wrong name costs as long as a wrong password.</summary>
    private static readonly Lazy<string> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(12))));

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True if <paramref name="password"/> matches <paramref name="stored"/>; false for a malformed hash.</summary>
    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Spends the time of one verification and fails.</summary>
    public static bool VerifyNothing(string password)
    {
        _ = Verify(password, Decoy.Value);
        return false;
    }
}
