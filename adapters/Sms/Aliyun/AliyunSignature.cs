using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Adapters.Sms.Aliyun;

/// <summary>
/// Aliyun's RPC signature (SignatureVersion 1.0): Base64(HMAC-SHA1(secret + "&", method + "&%2F&" + percentEncode(canonical query))),
/// the canonical query being the parameters sorted ordinally by name, each name and value percent-encoded.
/// </summary>
internal static class AliyunSignature
{
    /// <summary>The canonical query: <c>name=value</c> pairs, sorted ordinally by name, percent-encoded, joined by <c>&amp;</c>.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => PercentEncode(p.Key) + "=" + PercentEncode(p.Value)));

    public static string StringToSign(string method, string canonicalQuery) =>
        method + "&" + PercentEncode("/") + "&" + PercentEncode(canonicalQuery);

    /// <summary>The Signature parameter for <paramref name="parameters"/> (which must not include Signature itself).</summary>
    public static string Sign(string method, IEnumerable<KeyValuePair<string, string>> parameters, string accessKeySecret)
    {
        var key = Encoding.UTF8.GetBytes(accessKeySecret + "&");
        var data = Encoding.UTF8.GetBytes(StringToSign(method, CanonicalQuery(parameters)));
        return Convert.ToBase64String(HMACSHA1.HashData(key, data));
    }

    /// <summary>
    /// RFC 3986 percent-encoding of the UTF-8 bytes, as Aliyun wants it: letters, digits and <c>-_.~</c> stay, everything
    /// else becomes <c>%XY</c> in upper-case hex (so a space is <c>%20</c>, never <c>+</c>, and <c>*</c> is <c>%2A</c>).
    /// </summary>
    public static string PercentEncode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return text.ToString();
    }

    private const string Hex = "0123456789ABCDEF";
}
