using System.Net;
using BranchBot.Core.Members;
using BranchBot.Core.Talks;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.MemberPoints;

/// <summary>谈心谈话: the yearly rule per member and between committee members, and recording by the secretary only.</summary>
public sealed class TalkTests
{
    private static Member M(string id, string name, MemberPost post) =>
        new(id, name, "138" + id, "b1", null, MemberStatus.Full, MemberPosts.RoleOf(post), Post: post);

    private static readonly Member[] Roster =
    [
        M("s", "书记甲", MemberPost.Secretary), M("o", "组织委员乙", MemberPost.OrganisationCommissioner), M("p", "宣传委员丙", MemberPost.PropagandaCommissioner),
        M("a", "党员丁", MemberPost.Member), M("b", "党员戊", MemberPost.Member), M("g", "小组长己", MemberPost.GroupLeader),
    ];

    private static Talk T(string a, string b, int month = 3) => Talk.Create("b1", a, b, new DateOnly(2026, month, 1), null, "书记甲", DateTimeOffset.UnixEpoch);

    public static TheoryData<string, string[], bool, int, int, int> Table => new()
    {
        // name, talks as "x-y", rule kept, members kept (of 3), committee pairs kept (of 3), committee rows kept
        { "none", [], false, 0, 0, 0 },
        { "members only with each other", ["a-b", "b-g"], false, 0, 0, 0 },
        { "every member with a committee member", ["a-s", "b-o", "g-p"], false, 3, 0, 0 },
        { "committee with each other only", ["s-o", "s-p", "o-p"], false, 0, 3, 3 },
        { "all kept", ["s-o", "s-p", "o-p", "a-s", "b-s", "g-o"], true, 3, 3, 3 },
        { "one committee pair missing", ["s-o", "s-p", "a-s", "b-s", "g-o"], false, 3, 2, 1 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Compliance_PerMemberAndBetweenCommitteeMembers(string name, string[] talks, bool kept, int membersKept, int pairsKept, int committeeRowsKept)
    {
        var compliance = TalkCompliance.Of(2026, Roster, talks.Select(t => T(t[..1], t[2..])).ToList());
        Assert.True(kept == compliance.Kept, name);
        Assert.Equal((membersKept, 3, pairsKept, 3), (compliance.MembersKept, compliance.Members, compliance.CommitteePairsKept, compliance.CommitteePairs));
        Assert.Equal(committeeRowsKept, compliance.Rows.Count(r => r.OnCommittee && r.Kept));
        Assert.Equal(Roster.Length, compliance.Rows.Count);
        Assert.Contains(kept ? "均已完成" : "尚未完成", compliance.Line);
    }

    [Fact]
    public void Compliance_NamesTheCommitteeMembersNotYetTalkedWith()
    {
        var compliance = TalkCompliance.Of(2026, Roster, [T("s", "o")]);
        var secretary = compliance.Rows.Single(r => r.MemberId == "s");
        Assert.Equal(["宣传委员丙"], secretary.CommitteeMissing);
        Assert.Equal("谈心谈话（2026年）：党员与支委谈话 0/3 人，支委之间 1/3 对，尚未完成。", compliance.Line);
    }

    [Fact]
    public async Task ChatAndApi_SecretaryRecords_OthersRefused_ComplianceShowsTheYearlyLine()
    {
        await using var bot = await PointsBot.StartAsync();
        Assert.Contains("仅对支部书记开放", await bot.SayAsync("oZhaoYi", "谈心谈话 王书记 赵一"));
        Assert.Contains("✅ 已登记谈心谈话：王书记 与 赵一", await bot.SayAsync("oWang", "谈心谈话 王书记 赵一 交流学习体会"));
        Assert.Contains("已登记过", await bot.SayAsync("oWang", "谈心谈话 赵一 王书记"));
        Assert.Contains("本支部没有找到「孙三」", await bot.SayAsync("oWang", "谈心谈话 王书记 孙三"));

        var body = $$"""{"branchId":"{{PointsBot.Branch1}}","memberA":"{{PointsBot.Wang}}","memberB":"{{PointsBot.Zhou}}","date":"2026-11-20","note":"支委之间"}""";
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Post, "/api/talks", MeetingBot.Branch2Key, body)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await bot.ApiAsync(HttpMethod.Post, "/api/talks", PointsBot.Branch1Key,
            $$"""{"memberA":"{{PointsBot.Wang}}","memberB":"{{PointsBot.Sun}}"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await bot.ApiAsync(HttpMethod.Post, "/api/talks", PointsBot.Branch1Key, body)).Status);

        var (status, year) = await bot.ApiAsync(HttpMethod.Get, "/api/talks?year=2026", PointsBot.Branch1Key);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("谈心谈话（2026年）：党员与支委谈话 1/2 人，支委之间 1/1 对，尚未完成。", year!["line"]!.GetValue<string>());
        Assert.Contains("第十九条", year["rule"]!.GetValue<string>());
        Assert.Equal(2, year["talks"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await bot.ApiAsync(HttpMethod.Get, $"/api/talks?branchId={PointsBot.Branch1}", MeetingBot.Branch2Key)).Status);

        var (_, compliance) = await bot.ApiAsync(HttpMethod.Get, "/api/compliance", PointsBot.Branch1Key);
        Assert.Equal(year["line"]!.GetValue<string>(), compliance![0]!["talks"]!["line"]!.GetValue<string>());
    }
}
