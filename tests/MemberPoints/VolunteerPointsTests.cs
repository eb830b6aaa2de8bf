using System.Net;
using BranchBot.Core.Audit;
using BranchBot.Core.MemberPoints;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.MemberPoints;

/// <summary>志愿服务 points: recorded only by a secretary, only for members of their branch below their own role, once; revoked with an audit entry.</summary>
public sealed class VolunteerPointsTests
{
    [Fact]
    public async Task Chat_SecretaryRecordsForAMemberBelow_OnceAndWithinTheCap_OthersRefused()
    {
        await using var bot = await PointsBot.StartAsync();
        Assert.Contains("仅对支部书记开放", await bot.SayAsync("oZhaoYi", "志愿服务 钱二 2 参加社区义务植树"));
        Assert.Contains("✅ 已为 钱二 登记志愿服务 2 分：参加社区义务植树", await bot.SayAsync("oWang", "志愿服务 钱二 2 参加社区义务植树"));
        Assert.Contains("未重复登记", await bot.SayAsync("oWang", "志愿服务 钱二 2 参加社区义务植树"));
        Assert.Contains("不低于您，您无权为其登记积分", await bot.SayAsync("oWang", "志愿服务 周副 2 参加社区义务植树"));
        Assert.Contains("不低于您，您无权为其登记积分", await bot.SayAsync("oZhou", "志愿服务 王书记 2 参加社区义务植树"));
        Assert.Contains("本支部没有找到「孙三」", await bot.SayAsync("oWang", "志愿服务 孙三 2 参加社区义务植树"));
        Assert.Contains("分值须为 1 到 5", await bot.SayAsync("oWang", "志愿服务 钱二 9 参加社区义务植树"));
        Assert.Contains("请发送「志愿服务 姓名 分值 事由」", await bot.SayAsync("oWang", "志愿服务 钱二 两分 植树"));

        var entry = Assert.Single(await bot.Get<IMemberPointsStore>().ListPointsAsync(PointsBot.Qian, 2026, default));
        Assert.Equal((2, "志愿服务：参加社区义务植树", "王书记"), (entry.Points, entry.Reason, entry.RecordedBy));
        Assert.Empty(await bot.Get<IMemberPointsStore>().ListPointsAsync(PointsBot.Zhou, 2026, default));
        Assert.Empty(await bot.Get<IMemberPointsStore>().ListPointsAsync(PointsBot.Wang, 2026, default));
    }

    [Fact]
    public async Task Api_RecordAndRevoke_OnlyInTheCallersBranchAndBelowItsRole_Audited()
    {
        await using var bot = await PointsBot.StartAsync();
        var path = $"/api/points/members/{PointsBot.Qian}/volunteer";
        const string Body = """{"points":3,"reason":"社区疫苗接种点志愿服务"}""";
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Post, path, MeetingBot.Branch2Key, Body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Post, $"/api/points/members/{PointsBot.Zhou}/volunteer", PointsBot.Branch1Key, Body)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await bot.ApiAsync(HttpMethod.Post, path, PointsBot.Branch1Key, """{"points":6,"reason":"x"}""")).Status);

        var (created, entry) = await bot.ApiAsync(HttpMethod.Post, path, PointsBot.Branch1Key, Body);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.OK, (await bot.ApiAsync(HttpMethod.Post, path, PointsBot.Branch1Key, Body)).Status);
        var source = entry!["source"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Get, $"/api/points/members/{PointsBot.Qian}", MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Get, $"/api/points/ranking?branchId={PointsBot.Branch1}", MeetingBot.Branch2Key)).Status);
        var (_, ledger) = await bot.ApiAsync(HttpMethod.Get, $"/api/points/members/{PointsBot.Qian}", PointsBot.Branch1Key);
        Assert.Equal((3, "志愿服务：社区疫苗接种点志愿服务", "branch1"), (ledger!["total"]!.GetValue<int>(), ledger["entries"]![0]!["reason"]!.GetValue<string>(), ledger["entries"]![0]!["recordedBy"]!.GetValue<string>()));

        var revoke = $"/api/points/members/{PointsBot.Qian}/entries/{source}";
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Delete, revoke, MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await bot.ApiAsync(HttpMethod.Delete, $"/api/points/members/{PointsBot.Qian}/entries/att:mt1", PointsBot.Branch1Key)).Status);
        Assert.Equal(HttpStatusCode.OK, (await bot.ApiAsync(HttpMethod.Delete, revoke, PointsBot.Branch1Key)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bot.ApiAsync(HttpMethod.Delete, revoke, PointsBot.Branch1Key)).Status);
        Assert.Empty(await bot.Get<IMemberPointsStore>().ListPointsAsync(PointsBot.Qian, 2026, default));
        Assert.Empty(await bot.Get<IMemberPointsStore>().BranchPointsAsync(PointsBot.Branch1, 2026, default));

        var audit = await bot.Get<IAuditLog>().ListAsync(PointsBot.Branch1, 100, default);
        Assert.Contains(audit, e => e.Action == "DELETE /api/points/members/{id}/entries/{source}" && e.Status == 200 && e.Target!.Contains(source, StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "POST /api/points/members/{id}/volunteer" && e.Status == 403);
    }

    [Fact]
    public async Task Revoke_AnEntryEarnedInAnotherBranch_IsTheAdminsAfterAMove_AndFormerMembersGetNoNewEntriesOrTalks()
    {
        await using var bot = await PointsBot.StartAsync();
        var (created, entry) = await bot.ApiAsync(HttpMethod.Post, $"/api/points/members/{PointsBot.Qian}/volunteer", PointsBot.Branch1Key, """{"points":2,"reason":"社区义务植树"}""");
        Assert.Equal(HttpStatusCode.Created, created);
        var branch2 = await bot.BranchIdAsync("测试第二支部");
        Assert.Equal(HttpStatusCode.OK, (await bot.ApiAsync(HttpMethod.Post, $"/api/members/{PointsBot.Qian}/move", MeetingBot.OrgKey, $$"""{"branchId":"{{branch2}}"}""")).Status);

        // The entry counts in 测试第一支部's ranking: the new branch's secretary may not take it away.
        var revoke = $"/api/points/members/{PointsBot.Qian}/entries/{entry!["source"]!.GetValue<string>()}";
        var (refused, problem) = await bot.ApiAsync(HttpMethod.Delete, revoke, MeetingBot.Branch2Key);
        Assert.Equal((HttpStatusCode.Forbidden, "这条积分记录登记在其他党支部，请联系管理员撤销。"), (refused, problem!["detail"]!.GetValue<string>()));
        Assert.Equal(2, (await bot.Get<IMemberPointsStore>().BranchPointsAsync(PointsBot.Branch1, 2026, default)).Sum(p => p.Points));
        Assert.Equal(HttpStatusCode.OK, (await bot.ApiAsync(HttpMethod.Delete, revoke, MeetingBot.OrgKey)).Status);

        // 赵一 transferred out: no 志愿服务 by API or chat, no 谈心谈话 dated after leaving.
        var left = DateOnly.FromDateTime(bot.Clock.GetUtcNow().AddHours(8).UtcDateTime).AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, (await bot.ApiAsync(HttpMethod.Post, $"/api/members/{PointsBot.Zhao}/leave", PointsBot.Branch1Key,
            $$"""{"standing":"transferred-out","on":"{{left}}","note":"市财政局机关党委"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await bot.ApiAsync(HttpMethod.Post, $"/api/points/members/{PointsBot.Zhao}/volunteer", PointsBot.Branch1Key, """{"points":2,"reason":"社区义务植树"}""")).Status);
        Assert.Contains("本支部没有找到「赵一」", await bot.SayAsync("oWang", "志愿服务 赵一 2 参加社区义务植树"));
        Assert.Contains("已转出，不能登记此后的谈心谈话", await bot.SayAsync("oWang", "谈心谈话 王书记 赵一"));
        Assert.Empty(await bot.Get<IMemberPointsStore>().ListPointsAsync(PointsBot.Zhao, 2026, default));
    }
}
