using BranchBot.Core.Conversations;
using BranchBot.Core.Meetings;

namespace BranchBot.Adapters.WeChat.Api;

/// <summary>
/// Meeting QR codes from the WeChat API (qrcode/create, QR_STR_SCENE). The code's address (what a scanner reads) is
/// remembered with its scene, so the menu's scanner button can act on it too (<see cref="ScanResults"/>).
/// </summary>
public sealed class WeChatQrCodes(WeChatApiClient api, ScanResults scans, TimeProvider time) : IQrCodes
{
    private const string ShowQrCode = "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=";

    public async Task<QrCodeResult> CreateAsync(string scene, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var result = await api.CreateQrCodeAsync(scene, validFor, cancellationToken);
        var ticket = result.GetString("ticket");
        if (!result.Ok || ticket is null)
        {
            return new QrCodeResult(null, null, scene, null, $"二维码生成失败：{result.ErrCode} {result.ErrMsg}");
        }

        if (result.GetString("url") is { Length: > 0 } url)
        {
            await scans.RememberAsync(url, scene, validFor, cancellationToken);
        }

        return new QrCodeResult(ShowQrCode + Uri.EscapeDataString(ticket), ticket, scene, time.GetUtcNow().AddSeconds(result.GetInt64("expire_seconds") ?? 0));
    }
}
