using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BranchBot.Core.Members;
using BranchBot.Tests.Meetings;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Security;

/// <summary>
/// The role rule, by chat and by the admin API: nobody issues a binding code for, unbinds or changes a member whose
/// role is not strictly below theirs, and only a 管理员 manages a 管理员. Every refusal is answered and audited.
/// </summary>
public sealed class RoleRuleTests
{
    [Fact]
    public async Task Chat_SecretaryUnbindsTheirBranchsAdmin_IsRefusedAuditedAndTheBindingStays()
    {
        await using var bot = await TrustBot.StartAsync();
        await bot.BindWithCodeAsync("oWang", "13800000001");
        await bot.BindWithCodeAsync("oZhou", "13800000009");

        var reply = await bot.SayAsync("oWang", "解绑 周管理");

        Assert.Contains("只有管理员可以", reply);
        Assert.Equal("oZhou", (await bot.MemberAsync("13800000009")).OpenId);
        var entry = Assert.Single(await bot.AuditAsync(), e => e.Action == "chat 解绑");
        Assert.Equal(403, entry.Status);
        Assert.StartsWith("王书记", entry.Who);
    }

    [Fact]
    public async Task Chat_SecretaryTakesOverTheAdminWithACode_IsRefused()
    {
        await using var bot = await TrustBot.StartAsync();
        await bot.BindWithCodeAsync("oWang", "13800000001");

        var reply = await bot.SayAsync("oWang", "绑定码 周管理");

        Assert.DoesNotMatch(new Regex(@"\d{6}"), reply!);
        Assert.Contains("只有管理员可以", reply);
        Assert.Contains(await bot.AuditAsync(), e => e.Action == "chat 绑定码" && e.Status == 403);
    }

    [Fact]
    public async Task Chat_SecretaryIssuesACodeForAFellowCommitteeMember_IsRefused()
    {
        await using var bot = await TrustBot.StartAsync();
        await bot.BindWithCodeAsync("oWang", "13800000001");

        Assert.Contains("不低于您", await bot.SayAsync("oWang", "绑定码 陈委员"));
        Assert.Contains("不低于您", await bot.SayAsync("oWang", "解绑 陈委员"));

        // Below the secretary is fine.
        Assert.Matches(@"孙组长 的绑定码：\d{6}", await bot.SayAsync("oWang", "绑定码 孙组长"));
    }

    [Fact]
    public async Task Chat_AdminManagesAnotherAdmin_IsAllowed()
    {
        await using var bot = await TrustBot.StartAsync(new Dictionary<string, string?>());
        await bot.BindWithCodeAsync("oZhou", "13800000009");

        Assert.Matches(@"李书记 的绑定码：\d{6}", await bot.SayAsync("oZhou", "绑定码 李书记"));
        Assert.Matches(@"周管理 的绑定码：\d{6}", await bot.SayAsync("oZhou", "绑定码 周管理"));
    }

    [Fact]
    public async Task Bind_SecretaryByNameAndLastFour_IsRefusedAndNeedsACode()
    {
        await using var bot = await TrustBot.StartAsync();

        Assert.Contains("须使用绑定码", await bot.SayAsync("oImpostor", "绑定 王书记 0001"));
        Assert.Contains("须使用绑定码", await bot.SayAsync("oImpostor", "绑定 孙组长 0005"));
        Assert.Contains("先绑定党员身份", await bot.SayAsync("oImpostor", "考勤"));
        Assert.Null((await bot.MemberAsync("13800000001")).OpenId);
        await bot.BindAsync("oZhaoYi", "赵一", "0002");
    }

    [Fact]
    public async Task Bind_ManyWeChatAccountsGuessingOneMember_LocksThatMember()
    {
        await using var bot = await TrustBot.StartAsync(new Dictionary<string, string?> { ["Members:BindFailureLimitPerMember"] = "3" });
        for (var i = 0; i < 3; i++)
        {
            await bot.SayAsync($"oGuesser{i}", $"绑定 赵一 99{i:00}");
        }

        // A fresh account with the right digits is locked out of that name too; other members bind as before.
        Assert.Contains("尝试次数过多", await bot.SayAsync("oGuesserNew", "绑定 赵一 0002"));
        Assert.Null((await bot.MemberAsync("13800000002")).OpenId);
        await bot.BindAsync("oSun", "孙三", "0004");
    }

    [Fact]
    public async Task Bind_ManyWeChatAccountsGuessingManyMembers_PausesBindingOrganisationWide()
    {
        await using var bot = await TrustBot.StartAsync(new Dictionary<string, string?> { ["Members:BindFailureLimitGlobal"] = "4" });
        for (var i = 0; i < 4; i++)
        {
            await bot.SayAsync($"oSpray{i}", $"绑定 某人{i} 1234");
        }

        Assert.Contains("绑定暂停", await bot.SayAsync("oSprayNew", "绑定 赵一 0002"));
        Assert.Null((await bot.MemberAsync("13800000002")).OpenId);
    }

    [Fact]
    public async Task Api_BranchKeyIssuesACodeForTheirAdminOrSecretary_Is403AndAudited()
    {
        await using var bot = await TrustBot.StartAsync();
        foreach (var phone in new[] { "13800000009", "13800000001", "13800000003" })
        {
            var member = await bot.MemberAsync(phone);
            var (status, body) = await bot.CallAsync(HttpMethod.Post, $"/api/members/{member.Id}/binding-code", TrustBot.Branch1Key);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Contains(member.Name, body);
        }

        var allowed = await bot.MemberAsync("13800000005");
        Assert.Equal(HttpStatusCode.OK, (await bot.CallAsync(HttpMethod.Post, $"/api/members/{allowed.Id}/binding-code", TrustBot.Branch1Key)).Status);
        Assert.Equal(3, (await bot.AuditAsync()).Count(e => e.Action.Contains("binding-code") && e.Status == 403));
    }

    [Fact]
    public async Task Api_BranchKeyUnbindsTheirAdmin_Is403AndTheBindingStays()
    {
        await using var bot = await TrustBot.StartAsync();
        await bot.BindWithCodeAsync("oZhou", "13800000009");
        var admin = await bot.MemberAsync("13800000009");

        var (status, body) = await bot.CallAsync(HttpMethod.Delete, $"/api/members/{admin.Id}/binding", TrustBot.Branch1Key);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("只有管理员", body);
        Assert.Equal("oZhou", (await bot.MemberAsync("13800000009")).OpenId);
        Assert.Contains(await bot.AuditAsync(), e => e.Action.Contains("binding") && e.Status == 403);

        // The organisation key acts as 管理员.
        Assert.Equal(HttpStatusCode.OK, (await bot.CallAsync(HttpMethod.Delete, $"/api/members/{admin.Id}/binding", MeetingBot.OrgKey)).Status);
    }

    [Fact]
    public async Task Api_BranchImportPromotesAMemberToSecretary_IsARowError()
    {
        await using var bot = await TrustBot.StartAsync();
        var promote = Encoding.UTF8.GetBytes("姓名,手机号,组织,党小组,状态,角色\n赵一,13800000002,测试党委/测试第一支部,第一小组,正式,书记\n");
        var demote = Encoding.UTF8.GetBytes("姓名,手机号,组织,党小组,状态,角色\n王书记,13800000001,测试党委/测试第一支部,第一小组,正式,党员\n");
        var unchanged = Encoding.UTF8.GetBytes("姓名,手机号,组织,党小组,状态,角色\n王书记,13800000001,测试党委/测试第一支部,第一小组,正式,书记\n赵一,13800000002,测试党委/测试第一支部,第一小组,预备,党员\n");

        foreach (var file in new[] { promote, demote })
        {
            var (status, body) = await bot.CallAsync(HttpMethod.Post, "/api/members/import", TrustBot.Branch1Key, file);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("\"ok\":false", body);
            Assert.Contains("只能由管理员", body);
        }

        Assert.Equal(MemberRole.Member, (await bot.MemberAsync("13800000002")).Role);
        Assert.Equal(MemberRole.Secretary, (await bot.MemberAsync("13800000001")).Role);
        var (_, done) = await bot.CallAsync(HttpMethod.Post, "/api/members/import", TrustBot.Branch1Key, unchanged);
        Assert.Contains("\"ok\":true", done);
        Assert.Equal(MemberStatus.Probationary, (await bot.MemberAsync("13800000002")).Status);
    }
}
