using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BranchBot.Core.Common;
using BranchBot.Core.Meetings;

namespace BranchBot.Core.MemberPoints;

/// <summary>What recording 志愿服务 gave: the entry, or the field that was wrong.</summary>
public sealed record VolunteerResult(PointsEntry? Entry, bool Added, FieldError? Invalid);

/// <summary>
/// Turns attendance, confirmed 补学 and 志愿服务 into 党员积分 entries. Every entry is set by its source, so running any
/// of these again (a retry, another instance, a status corrected after the close) leaves one entry with the latest value.
/// </summary>
public sealed class MemberPointsRecorder(IMemberPointsStore store, MemberPointsOptions options)
{
    public const int MaxReason = 50;

    /// <summary>The entry a member's attendance earns, or null while it is not final (未签到, 请假待批, 待核实).</summary>
    public PointsEntry? AttendanceEntry(Meeting meeting, AttendanceRecord record)
    {
        (int Points, string Label)? rule = record.Status switch
        {
            AttendanceStatus.Present => (options.OnTime, "按时参会"),
            AttendanceStatus.Late => (options.Late, "迟到"),
            AttendanceStatus.OnLeave => (options.Leave, "请假"),
            AttendanceStatus.Absent => (options.Absent, "缺席"),
            _ => null,
        };
        return rule is { } r
            ? new PointsEntry(record.MemberId, PointsEntry.AttendanceSource(meeting.Id), PointsSourceKind.Attendance, r.Points,
                $"{r.Label}：{meeting.Title}（{ChinaTime.Format(meeting.Start)}）", meeting.Start, meeting.BranchId, "考勤", meeting.Id)
            : null;
    }

    /// <summary>Sets (or, when not final, removes) the member's entry for this meeting.</summary>
    public async Task RecordAttendanceAsync(Meeting meeting, AttendanceRecord record, CancellationToken cancellationToken)
    {
        if (AttendanceEntry(meeting, record) is { } entry)
        {
            await store.SetPointsAsync(entry, cancellationToken);
        }
        else
        {
            await store.RemovePointsAsync(record.MemberId, PointsEntry.Year0(meeting.Start), PointsEntry.AttendanceSource(meeting.Id), cancellationToken);
        }
    }

    public async Task RecordMeetingAsync(Meeting meeting, IReadOnlyList<AttendanceRecord> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            await RecordAttendanceAsync(meeting, record, cancellationToken);
        }
    }

    /// <summary>A confirmed 补学 earns its points in the year it was confirmed; a task not confirmed earns nothing.</summary>
    public async Task RecordMakeUpAsync(Meeting meeting, MakeUpTask task, CancellationToken cancellationToken)
    {
        if (task.State != MakeUpState.Confirmed)
        {
            return;
        }

        await store.SetPointsAsync(new PointsEntry(task.MemberId, PointsEntry.MakeUpSource(meeting.Id), PointsSourceKind.MakeUp, options.MakeUpConfirmed,
            $"补学已确认：{meeting.Title}（{ChinaTime.Format(meeting.Start)}）", task.ConfirmedAt ?? task.DoneAt ?? meeting.Start, meeting.BranchId, "书记确认", meeting.Id), cancellationToken);
    }

    /// <summary>
    /// 志愿服务 recorded by <paramref name="recordedBy"/>: 1 to <see cref="MemberPointsOptions.VolunteerMax"/> points with a
    /// reason. Its source is the member, China date, points and reason, so the same service recorded twice is one entry.
    /// </summary>
    public async Task<VolunteerResult> RecordVolunteerAsync(string memberId, string branchId, int points, string? reason, string recordedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (points < 1 || points > options.VolunteerMax)
        {
            return new(null, false, new FieldError("points", $"分值须为 1 到 {options.VolunteerMax} 之间的整数。"));
        }

        var text = reason?.Trim() ?? string.Empty;
        if (text.Length == 0 || text.Length > MaxReason)
        {
            return new(null, false, new FieldError("reason", $"请写明志愿服务事由（{MaxReason} 字以内）。"));
        }

        var day = ChinaTime.Local(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{memberId}|{day}|{points}|{text}")))[..16];
        var entry = new PointsEntry(memberId, PointsEntry.VolunteerSource(id), PointsSourceKind.Volunteer, points, "志愿服务：" + text, at, branchId, recordedBy);
        var existing = (await store.ListPointsAsync(memberId, entry.Year, cancellationToken)).FirstOrDefault(e => e.Source == entry.Source);
        if (existing is not null)
        {
            return new(existing, false, null);
        }

        await store.SetPointsAsync(entry, cancellationToken);
        return new(entry, true, null);
    }
}
