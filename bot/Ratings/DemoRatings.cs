using BranchBot.Core.Bulletins;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Ratings;

namespace BranchBot.Bot.Ratings;

/// <summary>
/// Demo history for 星级 and 通报: every demo branch in the 机关 field with 基本保障 awarded, a 特色 star for the first
/// branch, a 支委会 held last month by the second branch (the first has its own demo meetings), and last month's
/// bulletin stored (so the 通报 page has one).
/// The basic stars are computed as for any branch, so some are missing with their reasons.
/// </summary>
internal sealed class DemoRatings(IMemberStore members, IMeetingStore meetings, IRatingStore store, IBulletinStore bulletins, RatingService ratings, TimeProvider time)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var branches = (await members.ListUnitsAsync(cancellationToken)).Where(u => u.Kind == OrgUnitKind.Branch).OrderBy(u => u.Name, StringComparer.Ordinal).ToList();
        if (branches.Count == 0)
        {
            return;
        }

        var lastMonth = RatingPeriod.Containing(now, CompliancePeriod.Month).Previous();
        foreach (var branch in branches)
        {
            await store.SetFieldAsync(branch.Id, BranchField.Government, cancellationToken);
            await store.ChangeAwardAsync(new StarAward(branch.Id, StarKind.Guarantee, true, "示例：活动阵地、工作经费和制度保障已落实", "示例数据", lastMonth.Start.AddDays(-30)), cancellationToken);
        }

        await store.ChangeAwardAsync(new StarAward(branches[0].Id, StarKind.Feature1, true, "示例：机关服务窗口党员示范岗成效明显", "示例数据", lastMonth.Start.AddDays(-30)), cancellationToken);

        var other = branches[branches.Count > 1 ? 1 : 0];
        var roster = (await members.QueryAsync(new MemberQuery(other.Id, null, null, 0, int.MaxValue), cancellationToken)).Items;
        var committee = roster.Where(m => MemberPosts.OnCommittee(m.EffectivePost)).Select(m => m.Id).ToList();
        if (committee.Count > 0)
        {
            var start = ChinaTime.FromLocal(DateOnly.FromDateTime(ChinaTime.Local(lastMonth.Start).DateTime).AddDays(14), new TimeOnly(15, 0));
            var held = new Meeting("mtdemolastmonth", other.Id, null, MeetingType.Committee, "示例：上月支委会", start, start.AddHours(1), "示例会议室",
                null, null, MeetingStatus.Scheduled, 1, "demo-secret-0002", "示例数据");
            await meetings.SaveAsync(held, committee, start.AddHours(1), cancellationToken);
            await meetings.MarkClosedAsync(held.Id, cancellationToken);
            foreach (var id in committee)
            {
                await meetings.ChangeAttendanceAsync(new AttendanceRecord(held.Id, id, AttendanceStatus.Present, start.AddMinutes(-5), CheckInMethod.Code), [AttendanceStatus.Pending], cancellationToken);
            }
        }

        await bulletins.AddBulletinAsync(BulletinComposer.Compose(lastMonth, await ratings.AllAsync(lastMonth, cancellationToken), now), cancellationToken);
    }
}
