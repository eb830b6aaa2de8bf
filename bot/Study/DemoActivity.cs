using System.Globalization;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Core.Reminders;

namespace BranchBot.Bot.Study;

/// <summary>
/// Gives the demo roster a history, so every console page has something to show on a fresh local run: a past
/// 主题党日 with attendance (present, one on leave, one absent), an upcoming 支委会 with an earlier notice that went out
/// and one that failed (so the delivery page can show a retry), two weeks of study points through the real ledger and
/// rankings, and a few wrong answers. Titles carry 示例; the numbers come from a fixed seed.
/// </summary>
internal sealed class DemoActivity(
    IMemberStore members,
    IMeetingStore meetings,
    MeetingScheduler scheduler,
    IStudyStore study,
    IRankingStore rankings,
    IQuestionStore questions,
    IReminderQueue queue,
    IDeliveryProblems problems,
    QuizOptions quiz,
    TimeProvider time)
{
    private const int StudyDays = 14;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var roster = await members.ListAllAsync(cancellationToken);
        if (roster.FirstOrDefault(m => m.Role == MemberRole.Secretary) is not { } secretary)
        {
            return;
        }

        var branch = roster.Where(m => m.BranchId == secretary.BranchId).OrderBy(m => m.Phone, StringComparer.Ordinal).ToList();
        await SeedMeetingsAsync(secretary.BranchId, branch, cancellationToken);
        await SeedStudyAsync(roster, cancellationToken);
    }

    private async Task SeedMeetingsAsync(string branchId, IReadOnlyList<Member> branch, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = StudyPeriods.ChinaDate(now);
        var start = ChinaTime.FromLocal(today.AddDays(-3), new TimeOnly(14, 30));
        var past = new Meeting("mtdemopast", branchId, null, MeetingType.ThemeDay, "示例：主题党日学习会", start, start.AddHours(2), "示例会议室",
            null, null, MeetingStatus.Scheduled, 1, "demo-secret-0001", "示例数据");
        await meetings.SaveAsync(past, branch.Select(m => m.Id).ToList(), start.AddHours(1), cancellationToken);
        await meetings.MarkClosedAsync(past.Id, cancellationToken);
        for (var i = 0; i < branch.Count; i++)
        {
            var record = i switch
            {
                _ when i == branch.Count - 1 => new AttendanceRecord(past.Id, branch[i].Id, AttendanceStatus.Absent),
                _ when i == branch.Count - 2 => new AttendanceRecord(past.Id, branch[i].Id, AttendanceStatus.OnLeave, LeaveReason: "示例：出差"),
                _ => new AttendanceRecord(past.Id, branch[i].Id, i % 4 == 3 ? AttendanceStatus.Late : AttendanceStatus.Present,
                    start.AddMinutes(i % 4 == 3 ? 8 : -10 + i), i % 2 == 0 ? CheckInMethod.Code : CheckInMethod.QrCode),
            };
            await meetings.ChangeAttendanceAsync(record, [AttendanceStatus.Pending], cancellationToken);
        }

        var next = ChinaTime.FromLocal(today.AddDays(3), new TimeOnly(9, 0));
        var created = await scheduler.CreateAsync(new MeetingDraft(branchId, MeetingType.Committee, next, "示例会议室", Title: "示例：支委会", Id: "mtdemonext"), "示例数据", cancellationToken);
        if (created.Meeting is { } upcoming && branch.Count > 1)
        {
            var notice = TimeSpan.FromDays(7);
            var at = now.AddHours(-2);
            await queue.RecordAsync(new DeliveryOutcome(ReminderPlanner.JobId(upcoming.Id, branch[0].Id, notice), ReminderKind.Reminder, upcoming.Id, branch[0].Id,
                DeliveryChannel.Template, DeliveryStatus.Sent, "模板消息已发送（示例）", at), cancellationToken);
            await queue.RecordAsync(new DeliveryOutcome(ReminderPlanner.JobId(upcoming.Id, branch[1].Id, notice), ReminderKind.Reminder, upcoming.Id, branch[1].Id,
                DeliveryChannel.Sms, DeliveryStatus.Failed, "短信失败：示例 触发流控", at), cancellationToken);
            await problems.ReportProblemAsync(new DeliveryProblem("sms:demo:MeetingChanged:isv.SMS_TEMPLATE_ILLEGAL", DeliveryChannel.Sms,
                "Sms:Templates:MeetingChanged", "isv.SMS_TEMPLATE_ILLEGAL", "示例：短信模板不存在或未通过审核", at, at, 3), cancellationToken);
        }
    }

    private async Task SeedStudyAsync(IReadOnlyList<Member> roster, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = StudyPeriods.ChinaDate(now);
        var random = new Random(6);
        for (var day = StudyDays - 1; day >= 0; day--)
        {
            var date = today.AddDays(-day);
            var at = day == 0 ? now.AddMinutes(-30) : ChinaTime.FromLocal(date, new TimeOnly(20, 0));
            var learners = roster.Where(_ => random.NextDouble() < 0.55).Select(m => (Member: m, Points: random.Next(1, quiz.DailyCap + 1))).ToList();
            var outcomes = await Task.WhenAll(learners.Select(l => study.RecordAsync(new StudyRecord(l.Member.Id,
                new PointsAward($"demo:{l.Member.Id}:{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", "daily@demo", l.Points, quiz.DailyCap, at), null), cancellationToken)));
            var updates = learners.Zip(outcomes).Where(p => p.Second.Awarded > 0)
                .Select(p => new RankingUpdate(p.First.Member.Id, p.First.Member.BranchId, p.Second.Awarded, at)).ToList();
            await rankings.ApplyAsync(updates, cancellationToken);
        }

        var bank = (await questions.LoadAsync(cancellationToken)).Questions;
        for (var i = 0; i < Math.Min(5, bank.Count); i++)
        {
            // Fewer wrong answers for each later question, so the most-wrong list has an order.
            foreach (var member in roster.Take(6 - i))
            {
                await study.RecordAsync(new StudyRecord(member.Id, null, new WrongBookChange(bank[i * 7 % bank.Count].Id, WrongBookOp.Add, quiz.WrongBookLeaveAfter), bank[i * 7 % bank.Count].Id), cancellationToken);
            }
        }
    }
}
