using BranchBot.Core.Meetings;
using BranchBot.Core.Members;

namespace BranchBot.Bot.Meetings;

/// <summary>
/// The demo's meeting record: the past 示例 主题党日 (DemoActivity's <c>mtdemopast</c>) gets 议题, 主持人, 记录人, minutes,
/// 决议 and two photo entries, and is signed off, so the record page, its locked view and the .docx export have
/// something to show. The photos are 示例 entries with no real WeChat media: placeholder pictures drawn in code go
/// into the archive, so the console and the .docx show images rather than 未能保存.
/// </summary>
internal sealed class DemoRecords(IMeetingStore meetings, IMemberStore members, IMeetingRecords records, IPhotoArchive archive, IPhotoArchiveQueue photoStates)
{
    public const string MeetingId = "mtdemopast";

    /// <summary>The placeholder every demo photo shows (bundled with the console).</summary>
    public const string PlaceholderUrl = "/console/favicon.svg";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await meetings.GetMeetingAsync(MeetingId, cancellationToken) is not { } meeting || await records.GetRecordAsync(MeetingId, cancellationToken) is not null)
        {
            return;
        }

        var attendees = (await meetings.GetAttendanceAsync(MeetingId, cancellationToken)).Where(a => a.CheckedIn).Select(a => a.MemberId).ToList();
        var people = await members.GetManyAsync(attendees, cancellationToken);
        var host = people.FirstOrDefault(m => m.Role == MemberRole.Secretary) ?? people.FirstOrDefault();
        var recorder = people.FirstOrDefault(m => m.Id != host?.Id);
        if (host is null || recorder is null)
        {
            return;
        }

        for (var i = 0; i < 2; i++)
        {
            var sender = i == 0 ? recorder : host;
            var photo = new MeetingPhoto(MeetingId, "示例照片" + (i + 1), sender.Id, "示例-media-" + (i + 1), PlaceholderUrl, meeting.Start.AddMinutes(20 + (40 * i)));
            await records.AttachPhotoAsync(photo, cancellationToken);
            var saved = await archive.SaveAsync(MeetingId, photo.PhotoId, PlaceholderPng.Draw(320, 200, i), cancellationToken);
            await photoStates.SetPhotoStateAsync(new PhotoKey(MeetingId, photo.PhotoId), saved.Saved
                ? new PhotoArchiveState(PhotoArchiveStatus.Archived, 1, saved.ContentType, saved.Size)
                : new PhotoArchiveState(PhotoArchiveStatus.Failed, 1, Reason: saved.Refused), cancellationToken);
        }

        var record = new MeetingRecord(MeetingId, 0,
            ["示例：集中学习《中国共产党章程》总纲", "示例：重温入党誓词", "示例：讨论本季度志愿服务安排"],
            host.Id, recorder.Id,
            "示例：" + host.Name + "同志领学党章总纲，结合支部工作谈体会。\n全体党员面向党旗重温入党誓词。\n与会党员逐一发言，围绕志愿服务安排提出建议。",
            ["示例：本季度组织社区志愿服务两次，由组织委员牵头安排。", "示例：各党小组于月底前报送学习心得。"],
            new RecordSignOff(host.Name, meeting.End.AddHours(1)), EverSignedOff: true);
        await records.SaveRecordAsync(record, 0, cancellationToken);
    }
}
