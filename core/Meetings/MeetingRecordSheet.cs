using BranchBot.Core.Members;

namespace BranchBot.Core.Meetings;

/// <summary>
/// A meeting record as the paper 会议记录 shows it, every field already in words: the Word export renders this and
/// nothing else, so what it prints is decided here, where tests can read it.
/// </summary>
public sealed record MeetingRecordSheet(
    string Title,
    string Kinds,
    string Time,
    string Place,
    string Host,
    string Recorder,
    AttendanceCounts Counts,
    string? QuorumLine,
    IReadOnlyList<string> Agenda,
    IReadOnlyList<string> Present,
    IReadOnlyList<string> Leave,
    IReadOnlyList<string> Absent,
    IReadOnlyList<string> Undecided,
    string Minutes,
    IReadOnlyList<string> Resolutions,
    IReadOnlyList<SheetPhoto> Photos,
    string SignOff,
    bool SignedOff);

/// <summary>
/// One photo of the record: its caption (sender and Beijing time), and either the archived image or, when it is not
/// archived, the state to print instead (保存中, 未能保存).
/// </summary>
public sealed record SheetPhoto(string Caption, StoredPhoto? Image, string? State);

/// <summary>Gathers a <see cref="MeetingRecordSheet"/> from the record, the attendance, the photos and the roster.</summary>
public sealed class MeetingRecordSheets(IMeetingRecords records, IMeetingStore meetings, IMemberStore members, IPhotoArchiveQueue photoStates, IPhotoArchive archive)
{
    /// <summary>The photos a Word record embeds, in bytes: the file is built in memory, and 200 large photos would not fit.</summary>
    public const long MaxEmbeddedBytes = 64L * 1024 * 1024;

    public async Task<MeetingRecordSheet> BuildAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var record = await records.GetRecordAsync(meeting.Id, cancellationToken) ?? MeetingRecord.Empty(meeting);
        var attendance = await meetings.GetAttendanceAsync(meeting.Id, cancellationToken);
        var photos = await records.ListPhotosAsync(meeting.Id, cancellationToken);
        var ids = attendance.Select(a => a.MemberId).Concat(photos.Select(p => p.MemberId))
            .Append(record.HostMemberId).Append(record.RecorderMemberId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var roster = (await members.GetManyAsync(ids, cancellationToken)).ToDictionary(m => m.Id, StringComparer.Ordinal);
        string Name(string? id) => id is null ? string.Empty : roster.GetValueOrDefault(id)?.Name ?? id;
        List<string> Names(Func<AttendanceRecord, bool> which) => attendance.Where(which).Select(a => Name(a.MemberId)).ToList();

        var sheetPhotos = await PhotosAsync(meeting.Id, photos, Name, cancellationToken);
        var quorum = Quorum.Applies(meeting) ? Quorum.Of(attendance, id => roster.GetValueOrDefault(id)?.HasVote ?? false).Line : null;
        return new MeetingRecordSheet(
            meeting.Title,
            MeetingTypes.NamesOf(meeting),
            ChinaTime.Format(meeting.Start) + " 至 " + ChinaTime.Clock(meeting.End),
            meeting.Place,
            Name(record.HostMemberId),
            Name(record.RecorderMemberId),
            AttendanceCounts.Of(attendance),
            quorum,
            record.Agenda,
            Names(a => a.CheckedIn),
            Names(a => a.Status == AttendanceStatus.OnLeave),
            Names(a => a.Status is AttendanceStatus.Absent or AttendanceStatus.LeaveRefused),
            Names(a => a.Status is AttendanceStatus.Pending or AttendanceStatus.Unverified or AttendanceStatus.LeaveRequested),
            record.Minutes,
            record.Resolutions,
            sheetPhotos,
            record.SignedOff is { } s ? $"已签字确认（{s.By}，{ChinaTime.Format(s.At)}）" : "未签字确认",
            record.SignedOff is not null);
    }

    private async Task<IReadOnlyList<SheetPhoto>> PhotosAsync(string meetingId, IReadOnlyList<MeetingPhoto> photos, Func<string?, string> name, CancellationToken cancellationToken)
    {
        var states = await photoStates.GetPhotoStatesAsync(meetingId, cancellationToken);
        var sheet = new List<SheetPhoto>(photos.Count);
        long embedded = 0;
        foreach (var photo in photos)
        {
            var caption = $"{name(photo.MemberId)} {ChinaTime.Format(photo.SentAt)}（北京时间）";
            var state = states.GetValueOrDefault(photo.PhotoId) ?? PhotoArchiveState.NotStarted;
            if (state.Status != PhotoArchiveStatus.Archived)
            {
                sheet.Add(new SheetPhoto(caption, null, state.Label));
            }
            else if (embedded + state.Size > MaxEmbeddedBytes)
            {
                sheet.Add(new SheetPhoto(caption, null, "照片较多，未全部放入文档，请在书记工作台查看"));
            }
            else
            {
                var image = await archive.OpenAsync(meetingId, photo.PhotoId, cancellationToken);
                embedded += image?.Bytes.Length ?? 0;
                sheet.Add(new SheetPhoto(caption, image, image is null ? "未能保存" : null));
            }
        }

        return sheet;
    }
}
