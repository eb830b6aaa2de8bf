using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;

namespace BranchBot.Adapters.Memory;

/// <summary>
/// The template channel without an AppSecret: notices land in the local outbox the console chat shows. Nobody got
/// them on WeChat, so the answer is "unreachable", never "sent": the delivery record tells the truth and the SMS
/// fallback goes ahead as it would for a member WeChat cannot reach.
/// </summary>
public sealed class LocalTemplateNotifier(LocalOutbox outbox) : ITemplateNotifier
{
    public bool Enabled => true;

    public async Task<NoticeResult> SendAsync(TemplateNotice notice, CancellationToken cancellationToken)
    {
        await outbox.SendTextAsync(notice.OpenId, "[模板消息] " + notice.Text, cancellationToken);
        return new NoticeResult(NoticeStatus.Unreachable, "local", "未连接微信，仅存入本地发件箱");
    }
}

/// <summary>A stand-in for WeChat's parametric QR codes when no AppSecret is configured: the scene is the whole code.</summary>
public sealed class LocalQrCodes(TimeProvider time) : IQrCodes
{
    public Task<QrCodeResult> CreateAsync(string scene, TimeSpan validFor, CancellationToken cancellationToken) =>
        Task.FromResult(new QrCodeResult(null, "local-" + scene, scene, time.GetUtcNow() + validFor));
}

/// <summary>Without an AppSecret no photo can be fetched from WeChat: each is marked 未能保存 at once rather than retried for days.</summary>
public sealed class LocalPhotoSource : IPhotoSource
{
    public Task<PhotoFetch> FetchAsync(MeetingPhoto photo, CancellationToken cancellationToken) =>
        Task.FromResult<PhotoFetch>(new PhotoFetch.Gone("未连接微信，无法取回照片"));
}
