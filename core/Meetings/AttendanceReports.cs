using System.Globalization;
using BranchBot.Core.Common;
using BranchBot.Core.Members;

namespace BranchBot.Core.Meetings;

/// <summary>One member's attendance over a period.</summary>
/// <remarks>补学 over the same meetings: <paramref name="MakeUpOwed"/> 应补 (every task), <paramref name="MakeUpDone"/> 已补 (reported or confirmed), <paramref name="MakeUpConfirmed"/> 已确认.</remarks>
public sealed record MemberAttendance(string MemberId, string Name, int Expected, int Present, int Late, int Leave, int Absent, int MakeUpOwed = 0, int MakeUpDone = 0, int MakeUpConfirmed = 0)
{
    /// <summary>实到 / (应到 − 请假), the usual attendance rate; 1 when nothing was required.</summary>
    public double Rate => Expected - Leave <= 0 ? 1 : (double)Present / (Expected - Leave);
}

/// <summary>Attendance per meeting, per member and per branch and period, as tables the CSV and .xlsx writers render alike.</summary>
public sealed class AttendanceReports(IMeetingStore meetings, IMemberStore members, IMakeUpStore makeUps)
{
    /// <summary>
    /// One meeting's attendance: each attendee with post and vote (有表决权: 正式党员), status and check-in; for a
    /// 支部党员大会 the quorum line below the rows.
    /// </summary>
    public async Task<ReportTable> MeetingTableAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var records = await meetings.GetAttendanceAsync(meeting.Id, cancellationToken);
        var roster = (await members.GetManyAsync(records.Select(r => r.MemberId).ToList(), cancellationToken)).ToDictionary(m => m.Id);
        var rows = records.Select(r => Row(meeting, r, roster.GetValueOrDefault(r.MemberId))).ToList();
        var counts = AttendanceCounts.Of(records);
        var notes = new List<string> { $"应到 {counts.Expected} 人，实到 {counts.Present} 人（迟到 {counts.Late} 人），请假 {counts.Leave} 人，缺席 {counts.Absent} 人。" };
        if (Quorum.Applies(meeting))
        {
            notes.Add(Quorum.Of(records, id => roster.GetValueOrDefault(id)?.HasVote ?? false).Line);
        }

        return new ReportTable("考勤", ["会议", "时间", "姓名", "职务", "表决权", "状态", "签到时间", "签到方式", "请假理由"], rows, notes);
    }

    private static IReadOnlyList<ReportCell> Row(Meeting meeting, AttendanceRecord r, Member? m) =>
    [
        meeting.Title, ChinaTime.Format(meeting.Start), m?.Name ?? r.MemberId, m is null ? string.Empty : MemberPosts.NameOf(m.EffectivePost),
        m is null ? string.Empty : m.HasVote ? "有" : "无", MeetingsFeature.StatusName(r.Status),
        r.CheckedInAt is { } at ? ChinaTime.Local(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : string.Empty,
        r.Method switch { CheckInMethod.Code => "签到码", CheckInMethod.QrCode => "扫码", CheckInMethod.Location => "定位", CheckInMethod.BySecretary => "书记代签", _ => string.Empty },
        r.LeaveReason ?? string.Empty,
    ];

    public async Task<byte[]> MeetingCsvAsync(Meeting meeting, CancellationToken cancellationToken) =>
        (await MeetingTableAsync(meeting, cancellationToken)).ToCsv();

    /// <summary>Every member of the branch with their attendance over the branch's meetings starting in [from, to).</summary>
    public async Task<IReadOnlyList<MemberAttendance>> BranchAsync(string branchId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, (int Expected, int Present, int Late, int Leave, int Absent)>(StringComparer.Ordinal);
        var owed = new Dictionary<string, (int Owed, int Done, int Confirmed)>(StringComparer.Ordinal);
        foreach (var meeting in (await meetings.ListByBranchAsync(branchId, from, to, cancellationToken)).Where(m => m.Status == MeetingStatus.Scheduled))
        {
            foreach (var task in await makeUps.ListForMeetingAsync(meeting.Id, cancellationToken))
            {
                var o = owed.GetValueOrDefault(task.MemberId);
                owed[task.MemberId] = (o.Owed + 1, o.Done + (task.State == MakeUpState.Owed ? 0 : 1), o.Confirmed + (task.State == MakeUpState.Confirmed ? 1 : 0));
            }

            foreach (var r in await meetings.GetAttendanceAsync(meeting.Id, cancellationToken))
            {
                var t = totals.GetValueOrDefault(r.MemberId);
                totals[r.MemberId] = (t.Expected + 1, t.Present + (r.CheckedIn ? 1 : 0), t.Late + (r.Status == AttendanceStatus.Late ? 1 : 0),
                    t.Leave + (r.Status == AttendanceStatus.OnLeave ? 1 : 0), t.Absent + (r.Status is AttendanceStatus.Absent ? 1 : 0));
            }
        }

        // The branch's own index plus whoever attended and has since moved: never the whole city's roster.
        var roster = (await members.QueryAsync(new MemberQuery(branchId, null, null, 0, int.MaxValue), cancellationToken)).Items.ToList();
        var moved = totals.Keys.Except(roster.Select(m => m.Id), StringComparer.Ordinal).ToList();
        if (moved.Count > 0)
        {
            roster.AddRange(await members.GetManyAsync(moved, cancellationToken));
        }

        return roster
            .Select(m => (T: totals.GetValueOrDefault(m.Id), O: owed.GetValueOrDefault(m.Id)) is var (t, o)
                ? new MemberAttendance(m.Id, m.Name, t.Expected, t.Present, t.Late, t.Leave, t.Absent, o.Owed, o.Done, o.Confirmed) : null!)
            .OrderBy(a => a.Rate).ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The branch report as a table; 出勤率 is a whole percentage, as text, so CSV and Excel show the same.</summary>
    public static ReportTable BranchTable(IReadOnlyList<MemberAttendance> rows) => new("出勤统计",
        ["姓名", "应到", "实到", "迟到", "请假", "缺席", "出勤率", "应补学", "已补学", "已确认补学"],
        rows.Select(r => (IReadOnlyList<ReportCell>)
            [r.Name, r.Expected, r.Present, r.Late, r.Leave, r.Absent, (r.Rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
             r.MakeUpOwed, r.MakeUpDone, r.MakeUpConfirmed]).ToList());

    public static byte[] BranchCsv(IReadOnlyList<MemberAttendance> rows) => BranchTable(rows).ToCsv();
}
