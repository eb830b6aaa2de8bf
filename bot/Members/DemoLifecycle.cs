using BranchBot.Core.Members;

namespace BranchBot.Bot.Members;

/// <summary>
/// The demo roster's lifecycle history, so the members page has something to show: 梁军 (示例第二党支部) transferred out on the 10th of
/// last month (with where to), and 罗斌 moved from 第二党小组 to 第一党小组. Recorded through the real lifecycle, so
/// reminders, 应到 and history behave as they would.
/// </summary>
internal sealed class DemoLifecycle(IMemberStore members, MemberLifecycle lifecycle, TimeProvider time)
{
    private const string By = "示例数据";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var admin = new Actor(MemberRole.Admin, null);
        var today = DateOnly.FromDateTime(Core.Meetings.ChinaTime.Local(time.GetUtcNow()).DateTime);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1).AddDays(9);

        if (await FindAsync("梁军", "13900000020", cancellationToken) is { IsActive: true } leaving)
        {
            await lifecycle.LeaveAsync(admin, By, leaving, MemberStanding.TransferredOut, lastMonth, "示例市财政局机关党委（组织关系已转出）", cancellationToken);
        }

        if (await FindAsync("罗斌", "13900000018", cancellationToken) is { IsActive: true } moving
            && (await members.ListUnitsAsync(cancellationToken)).FirstOrDefault(u => u.Kind == OrgUnitKind.Group && u.ParentId == moving.BranchId && u.Name == "第一党小组") is { } group)
        {
            await lifecycle.MoveAsync(admin, By, moving, null, group.Id, lastMonth.AddDays(5), "示例：工作岗位调整", cancellationToken);
        }
    }

    private async Task<Member?> FindAsync(string name, string phone, CancellationToken cancellationToken) =>
        (await members.FindByNameAsync(name, cancellationToken)).FirstOrDefault(m => m.Phone == phone);
}
