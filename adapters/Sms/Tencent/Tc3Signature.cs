using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Adapters.Sms.Tencent;

/// <summary>
/// Tencent Cloud API 3.0 signing (TC3-HMAC-SHA256) for a POST with a JSON body, signing the content-type and host headers.
/// </summary>
internal static class Tc3Signature
{
    public const string Algorithm = "TC3-HMAC-SHA256";
    public const string SignedHeaders = "content-type;host";

    /// <summary>The UTC date of the timestamp (<c>yyyy-MM-dd</c>), which the credential scope must carry.</summary>
    public static string Date(long timestamp) =>
        DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string CanonicalRequest(string contentType, string host, ReadOnlySpan<byte> payload) =>
        "POST\n/\n\n" +
        "content-type:" + contentType.Trim().ToLowerInvariant() + "\n" +
        "host:" + host.Trim().ToLowerInvariant() + "\n\n" +
        SignedHeaders + "\n" +
        Convert.ToHexStringLower(SHA256.HashData(payload));

    public static string StringToSign(long timestamp, string service, string canonicalRequest) =>
        Algorithm + "\n" +
        timestamp.ToString(CultureInfo.InvariantCulture) + "\n" +
        Date(timestamp) + "/" + service + "/tc3_request\n" +
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    /// <summary>Lower-case hex HMAC-SHA256 of the string to sign under the key derived from the secret, date and service.</summary>
    public static string Sign(string secretKey, string service, long timestamp, string contentType, string host, ReadOnlySpan<byte> payload)
    {
        var secretDate = Hmac(Encoding.UTF8.GetBytes("TC3" + secretKey), Date(timestamp));
        var secretService = Hmac(secretDate, service);
        var secretSigning = Hmac(secretService, "tc3_request");
        return Convert.ToHexStringLower(Hmac(secretSigning, StringToSign(timestamp, service, CanonicalRequest(contentType, host, payload))));
    }

    /// <summary>The Authorization header value.</summary>
    public static string Authorization(string secretId, string secretKey, string service, long timestamp, string contentType, string host, ReadOnlySpan<byte> payload) =>
        Algorithm + " Credential=" + secretId + "/" + Date(timestamp) + "/" + service + "/tc3_request, " +
        "SignedHeaders=" + SignedHeaders + ", Signature=" + Sign(secretKey, service, timestamp, contentType, host, payload);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
