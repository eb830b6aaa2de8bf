using System.Security.Cryptography;
using System.Text;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Conversations;

/// <summary>
/// Turns what a menu scanner (<c>scancode_waitmsg</c>) read into the scene of one of our parametric QR codes, so a
/// scan from the menu does exactly what WeChat's own scanner does with a <c>SCAN</c> push. WeChat's code images hold
/// a <c>weixin.qq.com/q/…</c> address, not the scene: each address is remembered when its code is made, for as long
/// as the code lives. A code drawn by the bot itself (the local trial) holds the scene as text.
/// </summary>
public sealed class ScanResults(ISharedState shared)
{
    /// <summary>How the local trial's stand-in marks a code it drew; the scene follows.</summary>
    public const string LocalPrefix = "local-";

    private const int MaxScene = 64;

    public Task RememberAsync(string codeUrl, string scene, TimeSpan ttl, CancellationToken cancellationToken) =>
        shared.SetAsync(Key(codeUrl), scene, ttl < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : ttl, cancellationToken);

    /// <summary>The scene the scanned text names, or null if it is no code of ours (or one whose address was forgotten).</summary>
    public async Task<string?> SceneOfAsync(string result, CancellationToken cancellationToken) =>
        SceneInText(result) ?? (IsAddress(result) ? await shared.GetAsync(Key(result.Trim()), cancellationToken) : null);

    /// <summary>A scene written as text (what <c>qrcode/create</c> accepts as <c>scene_str</c>), or null.</summary>
    public static string? SceneInText(string result)
    {
        var text = result.Trim();
        text = text.StartsWith(LocalPrefix, StringComparison.Ordinal) ? text[LocalPrefix.Length..] : text;
        return text.Length is > 0 and <= MaxScene && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? text : null;
    }

    private static bool IsAddress(string result) =>
        result.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || result.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static string Key(string codeUrl) =>
        "qr-url:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(codeUrl)).AsSpan(0, 16));
}
