using System.Net;
using BranchBot.Core.Meetings;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Admin;

/// <summary>三会一课 status through the console API, scoped by branch.</summary>
public sealed class ComplianceApiTests : IAsyncLifetime
{
    private MeetingBot _bot = null!;

    public async Task InitializeAsync() => _bot = await MeetingBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Compliance_ShowsPlannedAndOverduePerRule_ForTheBranchesTheCallerMaySee()
    {
        var meeting = await _bot.ScheduleAsync(TimeSpan.FromDays(2), MeetingType.PartyCongress);
        var branch1 = await _bot.BranchIdAsync("测试第一支部");

        var (status, json, _) = await _bot.GetAsync($"/api/compliance?branchId={branch1}");
        Assert.Equal(HttpStatusCode.OK, status);
        var items = Assert.Single(json!.AsArray())!["items"]!.AsArray();
        var congress = items.Single(i => i!["rule"]!.GetValue<string>() == "PartyCongress")!;
        Assert.Equal(("planned", meeting.Id, "2026年第4季度"), (congress["status"]!.GetValue<string>(), congress["meetingId"]!.GetValue<string>(), congress["period"]!.GetValue<string>()));
        var committee = items.Single(i => i!["rule"]!.GetValue<string>() == "Committee")!;
        Assert.Equal(("overdue", "2026年11月", "支委会"), (committee["status"]!.GetValue<string>(), committee["period"]!.GetValue<string>(), committee["ruleName"]!.GetValue<string>()));
        Assert.Contains("上期", committee["reason"]!.GetValue<string>());
        Assert.Equal("11月30日前", committee["dueByText"]!.GetValue<string>());

        Assert.Equal(2, (await _bot.GetAsync("/api/compliance")).Json!.AsArray().Count);
        Assert.Equal("测试第二支部", Assert.Single((await _bot.GetAsync("/api/compliance", MeetingBot.Branch2Key)).Json!.AsArray())!["branchName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.GetAsync($"/api/compliance?branchId={branch1}", MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _bot.GetAsync("/api/compliance?branchId=onosuch")).Status);
    }
}
