using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Meetings;

/// <summary>
/// Photos for the meeting record: the menu's photo button pushes a <c>pic_*</c> event, then each photo as an image
/// message. A photo sent during one of the member's check-in windows is attached to that meeting, with who sent it;
/// outside a window the member is told where photos go. Each photo attached is queued for the archive, since WeChat
/// keeps it only three days.
/// </summary>
public sealed class MeetingPhotos(IMeetingRecords records, PhotoArchiver archiver, AttendanceService attendance, MeetingsOptions options, TimeProvider time) : IEventObserver, IFallbackHandler, IMenuButtonHandler
{
    /// <summary>The key of the menu's photo button.</summary>
    public const string PhotoMenuKey = "MEETING_PHOTO";

    public IReadOnlyCollection<(string Type, string Key)> MenuButtons { get; } =
        [("pic_photo_or_album", PhotoMenuKey), ("pic_sysphoto", PhotoMenuKey), ("pic_weixin", PhotoMenuKey)];

    /// <summary>The button's own push says nothing; each photo that follows is answered.</summary>
    public ValueTask<TurnResult?> OnEventAsync(Turn turn, CancellationToken cancellationToken) =>
        ValueTask.FromResult(turn.Message is MenuPhotoEvent ? new TurnResult(Reply.None, turn.Session) : null);

    public async ValueTask<TurnResult?> OnUnmatchedAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Message is not ImageMessage image)
        {
            return null;
        }

        if (turn.Member is null)
        {
            return Say(turn, "上传会议照片需先绑定党员身份：发送「绑定 姓名 手机后四位」。");
        }

        var now = time.GetUtcNow();
        var open = await attendance.OpenForCheckInAsync(turn.Member.MemberId, cancellationToken);
        if (open.Count == 0 || (string.IsNullOrEmpty(image.MediaId) && string.IsNullOrEmpty(image.PicUrl)))
        {
            return Say(turn, $"照片将存入会议记录：请在会议签到时间内（会前 {options.CheckInOpensBefore.TotalMinutes:0} 分钟至会后 {options.CheckInClosesAfter.TotalMinutes:0} 分钟）通过菜单「上传照片」发送。现在没有进行中的会议。");
        }

        // The meeting nearest in time, when two windows overlap.
        var meeting = open.MinBy(m => (m.Start - now).Duration())!;
        var photoId = image.Header.MsgId ?? turn.StableId("photo");
        var photo = new MeetingPhoto(meeting.Id, photoId, turn.Member.MemberId, image.MediaId, image.PicUrl, image.Header.CreatedAt);
        var result = await records.AttachPhotoAsync(photo, cancellationToken);
        if (result.Full)
        {
            return Say(turn, $"「{meeting.Title}」的会议记录照片已达上限（{IMeetingRecords.MaxPhotos} 张），本张未保存。");
        }

        // A repeat reaches here only when the first turn stopped before its reply was stored, perhaps before this
        // enqueue: queue it again (the queue keeps one entry; the archiver skips a photo already archived).
        await archiver.EnqueueAsync(photo, cancellationToken);

        return Say(turn, $"📷 照片已存入「{meeting.Title}」的会议记录（共 {result.Count} 张）。");
    }

    private static TurnResult Say(Turn turn, string text) => new(Reply.Text(text), turn.Session);
}
