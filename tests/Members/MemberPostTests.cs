using System.Text;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Study;

namespace BranchBot.Tests.Members;

/// <summary>Posts as the roster names them: what each may do, who sits on the 支部委员会, and who has a vote.</summary>
public sealed class MemberPostTests
{
    private const string Header = "姓名,手机号,组织,党小组,状态,角色\n";
    private const string Branch = "测试党委/测试第一支部";

    [Theory]
    [InlineData("书记", MemberPost.Secretary, MemberRole.Secretary, true)]
    [InlineData("副书记", MemberPost.DeputySecretary, MemberRole.Secretary, true)]
    [InlineData("组织委员", MemberPost.OrganisationCommissioner, MemberRole.Secretary, true)]
    [InlineData("宣传委员", MemberPost.PropagandaCommissioner, MemberRole.Member, true)]
    [InlineData("纪检委员", MemberPost.DisciplineCommissioner, MemberRole.Member, true)]
    [InlineData("党小组长", MemberPost.GroupLeader, MemberRole.GroupLeader, false)]
    [InlineData("", MemberPost.Member, MemberRole.Member, false)]
    [InlineData("管理员", MemberPost.Admin, MemberRole.Admin, false)]
    public void Roster_EveryPost_ParsesToItsRightsAndCommitteeSeat(string cell, MemberPost post, MemberRole role, bool committee)
    {
        var parsed = RosterParser.Parse(Encoding.UTF8.GetBytes(Header + $"张三,13900000001,{Branch},,正式,{cell}\n"));
        Assert.True(parsed.Ok, string.Join("; ", parsed.Errors));
        var member = RosterPlan.Build(parsed.Rows).Members.Single();
        Assert.Equal((post, role, committee), (member.EffectivePost, member.Role, MemberPosts.OnCommittee(member.EffectivePost)));
        Assert.Equal(cell.Length == 0 ? "党员" : cell, MemberPosts.NameOf(member.EffectivePost));
    }

    [Fact]
    public void MemberStoredBeforePosts_ReadsAsItsRolesUsualPost()
    {
        var old = new Member("m1", "张三", "13900000001", "b1", null, MemberStatus.Full, MemberRole.Secretary);
        Assert.Equal(MemberPost.Secretary, old.EffectivePost);
    }

    [Theory]
    [InlineData(5, 3, true, false)]
    [InlineData(4, 2, false, false)]
    [InlineData(10, 8, true, false)]
    [InlineData(10, 9, true, true)]
    [InlineData(5, 4, true, false)]
    [InlineData(0, 0, false, false)]
    public void Quorum_NeedsMoreThanHalfForAVote_MoreThanFourFifthsForAnElection(int expected, int present, bool vote, bool election)
    {
        var quorum = new Quorum(expected, present);
        Assert.Equal((vote, election), (quorum.ForVote, quorum.ForElection));
    }

    [Fact]
    public async Task CommitteeMeeting_InvitesTheCommitteeNotTheAdmin_AndCongressAttendanceShowsTheQuorum()
    {
        const string Roster = """
            姓名,手机号,组织,党小组,状态,角色
            王书记,13800000001,测试党委/测试第一支部,第一小组,正式,书记
            赵一,13800000002,测试党委/测试第一支部,第一小组,正式,党员
            钱二,13800000003,测试党委/测试第一支部,第二小组,预备,党员
            周副书记,13800000005,测试党委/测试第一支部,,正式,副书记
            吴宣传,13800000006,测试党委/测试第一支部,,正式,宣传委员
            郑纪检,13800000007,测试党委/测试第一支部,,正式,纪检委员
            冯管理,13800000008,测试党委/测试第一支部,,正式,管理员
            """;
        await using var bot = await MeetingBot.StartAsync(roster: Roster);
        var committee = await bot.ScheduleAsync(TimeSpan.FromDays(2), MeetingType.Committee);
        var invited = (await bot.Get<IMeetingStore>().GetAttendanceAsync(committee.Id, default)).Select(a => a.MemberId).ToHashSet();
        var names = (await bot.Get<IMemberStore>().GetManyAsync([.. invited], default)).Select(m => m.Name).Order().ToList();
        Assert.Equal(["吴宣传", "周副书记", "王书记", "郑纪检"], names);

        // A 宣传委员 sits on the committee: they bind with a code, not by name and phone.
        Assert.DoesNotContain("绑定成功", await bot.SayAsync("oWu", "绑定 吴宣传 0006"));

        // 支部党员大会: 7 invited, 6 of them 正式; 王书记 and 钱二 (预备) check in → 1 of the 6 with a vote.
        var congress = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        await bot.Get<AttendanceService>().CheckInAsync(congress, MeetingBot.MemberId("13800000001"), CheckInMethod.BySecretary, default);
        await bot.Get<AttendanceService>().CheckInAsync(congress, MeetingBot.MemberId("13800000003"), CheckInMethod.BySecretary, default);
        var report = await bot.SayAsync("oWang", "考勤");
        Assert.Contains("有表决权应到 6 人，实到 1 人；表决须超过半数（未达到），选举须超过五分之四（未达到）。", report);

        // The admin API answers the same quorum, and each attendee's post and vote; a 支委会 has no quorum line.
        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{congress.Id}/attendance"));
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((6, 1, false), (body["quorum"]!["expected"]!.GetValue<int>(), body["quorum"]!["present"]!.GetValue<int>(), body["quorum"]!["forVote"]!.GetValue<bool>()));
        var qian = body["records"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "钱二")!;
        Assert.Equal(("党员", false), (qian["postName"]!.GetValue<string>(), qian["hasVote"]!.GetValue<bool>()));
        Assert.Equal("副书记", body["records"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "周副书记")!["postName"]!.GetValue<string>());
        using var committeeResponse = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, $"/api/meetings/{committee.Id}/attendance"));
        Assert.Null(System.Text.Json.Nodes.JsonNode.Parse(await committeeResponse.Content.ReadAsStringAsync())!["quorum"]);
    }
}
