using System.Globalization;
using BranchBot.Core.MemberPoints;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Core.Talks;

namespace BranchBot.Bot.MemberPoints;

/// <summary>
/// Gives the demo branch a year of 党员积分 through the real recorder: a 主题党日 each past month of this year with
/// attendance (on time, late, on leave, absent), a quarterly 支部党员大会 whose absentee owes 补学 (one confirmed, one
/// reported and awaiting confirmation), one 志愿服务 and a few 谈心谈话. Titles carry 示例; patterns are fixed.
/// </summary>
internal sealed class DemoMemberPoints(
    IMemberStore members,
    IMeetingStore meetings,
    IMakeUpStore makeUps,
    ITalkStore talks,
    MemberPointsRecorder recorder,
    TimeProvider time)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var roster = await members.ListAllAsync(cancellationToken);
        if (roster.FirstOrDefault(m => m.Role == MemberRole.Secretary) is not { } secretary)
        {
            return;
        }

        var branch = roster.Where(m => m.BranchId == secretary.BranchId).OrderBy(m => m.Phone, StringComparer.Ordinal).ToList();
        var now = time.GetUtcNow();
        var today = StudyPeriods.ChinaDate(now);
        if (await meetings.GetMeetingAsync("mtdemopast", cancellationToken) is { } past)
        {
            await recorder.RecordMeetingAsync(past, await meetings.GetAttendanceAsync(past.Id, cancellationToken), cancellationToken);
        }

        for (var month = 1; month < today.Month; month++)
        {
            var start = ChinaTime.FromLocal(new DateOnly(today.Year, month, 5), new TimeOnly(14, 30));
            var congress = month % 3 == 0;
            var meeting = new Meeting("mtdemo" + month.ToString("00", CultureInfo.InvariantCulture), secretary.BranchId, null,
                congress ? MeetingType.PartyCongress : MeetingType.ThemeDay, $"示例：{month}月{(congress ? "支部党员大会" : "主题党日")}",
                start, start.AddHours(2), "示例会议室", null, null, MeetingStatus.Scheduled, 1, "demo-secret-" + month, "示例数据");
            await meetings.SaveAsync(meeting, branch.Select(m => m.Id).ToList(), start.AddHours(1), cancellationToken);
            await meetings.MarkClosedAsync(meeting.Id, cancellationToken);
            for (var i = 0; i < branch.Count; i++)
            {
                var pattern = (i + month) % 7;
                var record = pattern switch
                {
                    5 => new AttendanceRecord(meeting.Id, branch[i].Id, AttendanceStatus.OnLeave, LeaveReason: "示例：出差"),
                    6 when i > 0 => new AttendanceRecord(meeting.Id, branch[i].Id, AttendanceStatus.Absent),
                    4 => new AttendanceRecord(meeting.Id, branch[i].Id, AttendanceStatus.Late, start.AddMinutes(6), CheckInMethod.Code),
                    _ => new AttendanceRecord(meeting.Id, branch[i].Id, AttendanceStatus.Present, start.AddMinutes(-5), CheckInMethod.QrCode),
                };
                await meetings.ChangeAttendanceAsync(record, [AttendanceStatus.Pending], cancellationToken);
            }

            var records = await meetings.GetAttendanceAsync(meeting.Id, cancellationToken);
            await recorder.RecordMeetingAsync(meeting, records, cancellationToken);
            if (congress)
            {
                var belowSecretary = branch.Where(m => m.Role < MemberRole.Secretary).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
                await SeedMakeUpAsync(meeting, records, month == 3 ? MakeUpState.Confirmed : month == 6 ? MakeUpState.Owed : MakeUpState.Done, belowSecretary, cancellationToken);
            }
        }

        if (branch.Count > 2)
        {
            await recorder.RecordVolunteerAsync(branch[1].Id, secretary.BranchId, 3, "示例：参加社区义务植树", secretary.Name, now.AddDays(-20), cancellationToken);
            foreach (var (a, b, days) in new[] { (0, 1, 40), (0, 2, 90), (1, 2, 150) })
            {
                await talks.AddTalkAsync(Talk.Create(secretary.BranchId, branch[a].Id, branch[b].Id, StudyPeriods.ChinaDate(now.AddDays(-days)), "示例：交流学习体会", secretary.Name, now), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Absentees and members on leave owe 补学; the first of them below the secretary (so the secretary may confirm it)
    /// has got as far as <paramref name="state"/> (confirmed earns its points).
    /// </summary>
    private async Task SeedMakeUpAsync(Meeting meeting, IReadOnlyList<AttendanceRecord> records, MakeUpState state, IReadOnlySet<string> belowSecretary, CancellationToken cancellationToken)
    {
        var owing = records.Where(r => r.Status is AttendanceStatus.Absent or AttendanceStatus.OnLeave).Select(r => r.MemberId).ToList();
        if (owing.Count == 0)
        {
            return;
        }

        await makeUps.OweAsync(meeting.Id, owing, meeting.Start.AddDays(7), cancellationToken);
        if (state == MakeUpState.Owed)
        {
            return;
        }

        var done = new MakeUpTask(meeting.Id, owing.FirstOrDefault(belowSecretary.Contains) ?? owing[0], MakeUpState.Done, meeting.Start.AddDays(7), "示例：自学会议传达的文件精神", meeting.Start.AddDays(3));
        await makeUps.AdvanceAsync(done, MakeUpState.Owed, cancellationToken);
        if (state == MakeUpState.Confirmed)
        {
            var confirmed = done with { State = MakeUpState.Confirmed, ConfirmedAt = meeting.Start.AddDays(4) };
            await makeUps.AdvanceAsync(confirmed, MakeUpState.Done, cancellationToken);
            await recorder.RecordMakeUpAsync(meeting, confirmed, cancellationToken);
        }
    }
}
