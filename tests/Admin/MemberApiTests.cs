using System.Net;
using System.Text;
using BranchBot.Core.Members;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Admin;

/// <summary>Branches and members in the console: paging, search, import with row errors, binding codes, branch scope.</summary>
public sealed class MemberApiTests : IAsyncLifetime
{
    private MeetingBot _bot = null!;

    public async Task InitializeAsync() => _bot = await MeetingBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Branches_AdminSeesAllWithCounts_SecretarySeesOnlyTheirs()
    {
        var (status, json, _) = await _bot.GetAsync("/api/branches");
        Assert.Equal(HttpStatusCode.OK, status);
        var all = json!.AsArray();
        Assert.Equal(4, all.Single(b => b!["name"]!.GetValue<string>() == "测试第一支部")!["members"]!.GetValue<int>());
        Assert.Equal(6, all.Single(b => b!["name"]!.GetValue<string>() == "测试党委")!["members"]!.GetValue<int>());

        (_, json, _) = await _bot.GetAsync("/api/branches", MeetingBot.Branch2Key);
        Assert.Equal("测试第二支部", Assert.Single(json!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Members_PagedFilteredAndMasked()
    {
        var branch1 = await _bot.BranchIdAsync("测试第一支部");
        var (status, json, _) = await _bot.GetAsync($"/api/members?branchId={branch1}&pageSize=3&page=1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(4, json!["total"]!.GetValue<int>());
        Assert.Equal(3, json["items"]!.AsArray().Count);

        (_, json, _) = await _bot.GetAsync($"/api/members?branchId={branch1}&q=赵");
        var zhao = Assert.Single(json!["items"]!.AsArray())!;
        Assert.Equal("138****0002", zhao["phone"]!.GetValue<string>());
        Assert.True(zhao["bound"]!.GetValue<bool>());
        Assert.Equal("测试第一支部", zhao["branchName"]!.GetValue<string>());
        Assert.Equal("第一小组", zhao["group"]!.GetValue<string>());

        (_, json, _) = await _bot.GetAsync($"/api/members?branchId={branch1}&bound=false");
        Assert.Equal(2, json!["total"]!.GetValue<int>());
        (_, json, _) = await _bot.GetAsync("/api/members?q=李重名");
        Assert.Equal(2, json!["total"]!.GetValue<int>());
        (_, json, _) = await _bot.GetAsync("/api/members", MeetingBot.Branch2Key);
        Assert.Equal(2, json!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Members_OrganisationWideWithoutSearchText_Is400AskingForABranch()
    {
        var (status, json, _) = await _bot.GetAsync("/api/members");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("branchId", json!.ErrorField());
        Assert.Contains("支部", json!["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("bound=maybe", "bound")]
    public async Task Members_BadQuery_Is400NamingTheField(string query, string field)
    {
        var (status, json, _) = await _bot.GetAsync("/api/members?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, json!.ErrorField());
        Assert.False(string.IsNullOrEmpty(json!["detail"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OtherBranchKey_IsRefusedMembersCodesAndUnbinding()
    {
        var branch1 = await _bot.BranchIdAsync("测试第一支部");
        var zhao = MeetingBot.MemberId("13800000002");
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.GetAsync($"/api/members?branchId={branch1}", MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.CallAsync(HttpMethod.Post, $"/api/members/{zhao}/binding-code", MeetingBot.Branch2Key)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _bot.CallAsync(HttpMethod.Delete, $"/api/members/{zhao}/binding", MeetingBot.Branch2Key)).Status);
        Assert.NotNull((await _bot.Get<IMemberStore>().GetMemberAsync(zhao, default))!.OpenId);
        Assert.Equal(HttpStatusCode.NotFound, (await _bot.CallAsync(HttpMethod.Post, "/api/members/mnobody/binding-code")).Status);
    }

    [Fact]
    public async Task BindingCode_RedeemsForTheMember_AndUnbindReportsAChangeOnce()
    {
        var qian = MeetingBot.MemberId("13800000003");
        var (status, json, _) = await _bot.CallAsync(HttpMethod.Post, $"/api/members/{qian}/binding-code");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("^[0-9]{6}$", json!["code"]!.GetValue<string>());
        Assert.Contains("月", json["expiresText"]!.GetValue<string>());
        Assert.Equal(qian, await _bot.Get<IMemberStore>().RedeemBindingCodeAsync(json["code"]!.GetValue<string>(), default));

        var zhao = MeetingBot.MemberId("13800000002");
        Assert.True((await _bot.CallAsync(HttpMethod.Delete, $"/api/members/{zhao}/binding")).Json!["changed"]!.GetValue<bool>());
        Assert.False((await _bot.CallAsync(HttpMethod.Delete, $"/api/members/{zhao}/binding")).Json!["changed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Import_DryRunCountsWithoutWriting_ThenApplies()
    {
        var csv = Encoding.UTF8.GetBytes("姓名,手机号,组织,党小组,状态,角色\n赵一,13800000002,测试党委/测试第一支部,第二小组,正式,党员\n周新,13800000009,测试党委/测试第一支部,,正式,党员\n");
        var (status, json, _) = await _bot.PostBytesAsync("/api/members/import?dryRun=true", csv);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json!["ok"]!.GetValue<bool>());
        Assert.Equal((1, 1), (json["membersAdded"]!.GetValue<int>(), json["membersUpdated"]!.GetValue<int>()));
        Assert.Null(await _bot.Get<IMemberStore>().GetMemberAsync(MeetingBot.MemberId("13800000009"), default));

        (_, json, _) = await _bot.PostBytesAsync("/api/members/import", csv);
        Assert.Equal(1, json!["membersAdded"]!.GetValue<int>());
        Assert.NotNull(await _bot.Get<IMemberStore>().GetMemberAsync(MeetingBot.MemberId("13800000009"), default));
        var branch1 = await _bot.BranchIdAsync("测试第一支部");
        Assert.Equal(5, (await _bot.GetAsync($"/api/members?branchId={branch1}")).Json!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Import_SecretaryRowsForAnotherBranchOrBadRows_AreRowErrorsAndNothingIsWritten()
    {
        var csv = Encoding.UTF8.GetBytes("姓名,手机号,组织,党小组,状态,角色\n新人,13800000010,测试党委/测试第二支部,,正式,党员\n外人,13800000011,测试党委/测试第一支部,,正式,党员\n坏人,123,测试党委/测试第二支部,,正式,党员\n");
        var (status, json, _) = await _bot.PostBytesAsync("/api/members/import", csv, MeetingBot.Branch2Key);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(json!["ok"]!.GetValue<bool>());
        Assert.Contains(json["errors"]!.AsArray(), e => e!["row"]!.GetValue<int>() == 4 && e["message"]!.GetValue<string>().Contains("手机号"));

        csv = Encoding.UTF8.GetBytes("姓名,手机号,组织,党小组,状态,角色\n新人,13800000010,测试党委/测试第二支部,,正式,党员\n外人,13800000011,测试党委/测试第一支部,,正式,党员\n");
        (_, json, _) = await _bot.PostBytesAsync("/api/members/import", csv, MeetingBot.Branch2Key);
        Assert.False(json!["ok"]!.GetValue<bool>());
        var error = Assert.Single(json["errors"]!.AsArray())!;
        Assert.Equal(3, error["row"]!.GetValue<int>());
        Assert.Null(await _bot.Get<IMemberStore>().GetMemberAsync(MeetingBot.MemberId("13800000010"), default));

        csv = Encoding.UTF8.GetBytes("姓名,手机号,组织,党小组,状态,角色\n赵一,13800000002,测试党委/测试第二支部,,正式,党员\n");
        (_, json, _) = await _bot.PostBytesAsync("/api/members/import", csv, MeetingBot.Branch2Key);
        Assert.Contains("其他支部", Assert.Single(json!["errors"]!.AsArray())!["message"]!.GetValue<string>());
        Assert.Equal(await _bot.BranchIdAsync("测试第一支部"), (await _bot.Get<IMemberStore>().GetMemberAsync(MeetingBot.MemberId("13800000002"), default))!.BranchId);

        Assert.Equal(HttpStatusCode.BadRequest, (await _bot.PostBytesAsync("/api/members/import", [])).Status);
        Assert.Equal("dryRun", (await _bot.PostBytesAsync("/api/members/import?dryRun=yes", csv)).Json!.ErrorField());
    }
}
