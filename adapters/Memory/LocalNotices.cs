using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;

namespace BranchBot.Adapters.Memory;

/// <summary>The embedded default's template channel: notices land in the local outbox the console chat shows.</summary>
public sealed class LocalTemplateNotifier(LocalOutbox outbox) : ITemplateNotifier
{
    public bool Enabled => true;

    public async Task<NoticeResult> SendAsync(TemplateNotice notice, CancellationToken cancellationToken)
    {
        await outbox.SendTextAsync(notice.OpenId, "[模板消息] " + notice.Text, cancellationToken);
        return new NoticeResult(NoticeStatus.Sent, "local");
    }
}

/// <summary>A stand-in for WeChat's parametric QR codes when no AppSecret is configured: the scene is the whole code.</summary>
public sealed class LocalQrCodes(TimeProvider time) : IQrCodes
{
    public Task<QrCodeResult> CreateAsync(string scene, TimeSpan validFor, CancellationToken cancellationToken) =>
        Task.FromResult(new QrCodeResult(null, "local-" + scene, scene, time.GetUtcNow() + validFor));
}
