using System.Security.Cryptography;
using System.Text;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Members;

public sealed class RosterPlanTests
{
    private static readonly RosterRow[] Rows =
    [
        new(2, "张三", "13900000001", ["市直机关工委", "第一党总支", "办公室党支部"], "第一党小组", MemberStatus.Full, MemberRole.Secretary),
        new(3, "李四", "13900000002", ["市直机关工委", "第一党总支", "办公室党支部"], null, MemberStatus.Probationary, MemberRole.Member),
        new(4, "王五", "13900000003", ["市直机关工委", "财务党支部"], "第一党小组", MemberStatus.Full, MemberRole.GroupLeader),
    ];

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    [Fact]
    public void Build_Units_HaveKindsParentsAndPathIdsParentsFirst()
    {
        var units = RosterPlan.Build(Rows).Units;

        var top = "o" + Hash("市直机关工委");
        var general = "o" + Hash("市直机关工委/第一党总支");
        var office = "o" + Hash("市直机关工委/第一党总支/办公室党支部");
        var finance = "o" + Hash("市直机关工委/财务党支部");
        Assert.Equal(
            [
                new OrgUnit(top, "市直机关工委", OrgUnitKind.Committee, null),
                new OrgUnit(general, "第一党总支", OrgUnitKind.GeneralBranch, top),
                new OrgUnit(office, "办公室党支部", OrgUnitKind.Branch, general),
                new OrgUnit("o" + Hash("市直机关工委/第一党总支/办公室党支部/第一党小组"), "第一党小组", OrgUnitKind.Group, office),
                new OrgUnit(finance, "财务党支部", OrgUnitKind.Branch, top),
                new OrgUnit("o" + Hash("市直机关工委/财务党支部/第一党小组"), "第一党小组", OrgUnitKind.Group, finance),
            ],
            units);
    }

    [Fact]
    public void Build_Members_PointAtBranchAndGroupWithPhoneIds()
    {
        var plan = RosterPlan.Build(Rows);
        var office = "o" + Hash("市直机关工委/第一党总支/办公室党支部");

        Assert.Equal(
            new Member("m" + Hash("13900000001"), "张三", "13900000001", office, "o" + Hash("市直机关工委/第一党总支/办公室党支部/第一党小组"), MemberStatus.Full, MemberRole.Secretary, null, true, MemberPost.Secretary),
            plan.Members[0]);
        Assert.Equal(new Member("m" + Hash("13900000002"), "李四", "13900000002", office, null, MemberStatus.Probationary, MemberRole.Member, Post: MemberPost.Member), plan.Members[1]);
        Assert.Matches("^m[0-9a-f]{12}$", plan.Members[2].Id);
    }

    [Fact]
    public void Build_SameRowsTwice_GivesSameIds()
    {
        var first = RosterPlan.Build(Rows);
        var again = RosterPlan.Build(Rows.Select(r => r with { OrgPath = r.OrgPath.ToArray() }).ToArray());
        Assert.Equal(first.Units, again.Units);
        Assert.Equal(first.Members, again.Members);
    }

    [Fact]
    public void Build_ShippedSample_HasTheDocumentedTree()
    {
        var rows = RosterParser.Parse(File.ReadAllBytes(RepoRoot.PathOf("bot", "SampleData", "roster.sample.csv"))).Rows;
        var plan = RosterPlan.Build(rows);

        Assert.Equal(30, plan.Members.Count);
        Assert.Equal(["示例机关党委"], plan.Units.Where(u => u.Kind == OrgUnitKind.Committee).Select(u => u.Name));
        Assert.Equal(["示例党总支"], plan.Units.Where(u => u.Kind == OrgUnitKind.GeneralBranch).Select(u => u.Name));
        Assert.Equal(["示例第一党支部", "示例第二党支部", "示例第三党支部"], plan.Units.Where(u => u.Kind == OrgUnitKind.Branch).Select(u => u.Name));
        Assert.Equal(6, plan.Units.Count(u => u.Kind == OrgUnitKind.Group));
        var seen = new HashSet<string>();
        Assert.All(plan.Units, u =>
        {
            Assert.True(u.ParentId is null || seen.Contains(u.ParentId), $"{u.Name} is listed before its parent");
            seen.Add(u.Id);
        });
        Assert.All(plan.Units.Where(u => u.Kind == OrgUnitKind.Branch), b =>
        {
            var members = plan.Members.Where(m => m.BranchId == b.Id).ToArray();
            Assert.Equal(2, members.Count(m => m.Role == MemberRole.Secretary));
            Assert.Contains(members, m => m.Status == MemberStatus.Probationary);
            Assert.Contains(members, m => m.Role == MemberRole.GroupLeader);
        });
    }
}
