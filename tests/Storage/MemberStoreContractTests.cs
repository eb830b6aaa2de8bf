using BranchBot.Adapters.Memory;
using BranchBot.Adapters.Redis;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IMemberStore"/> must do; run once per adapter.</summary>
public abstract class MemberStoreContractTests
{
    public const string Committee = "市直机关工委";
    public const string Office = Committee + "/第一党总支/办公室党支部";
    public const string Finance = Committee + "/财务党支部";

    protected static readonly string Zhang = RosterPlan.MemberId("13900000001");
    protected static readonly string Li = RosterPlan.MemberId("13900000002");
    protected static readonly string Wang = RosterPlan.MemberId("13900000003");

    protected static readonly RosterPlanResult Roster = TestStores.Roster(
        $"张三,13900000001,{Office},第一党小组,正式,书记",
        $"李四,13900000002,{Office},,预备,党员",
        $"王五,13900000003,{Finance},第一党小组,正式,党小组长");

    protected abstract IMemberStore Members { get; }

    [Fact]
    public async Task Import_NewRoster_AddsUnitsAndMembersWithEveryField()
    {
        var outcome = await Members.ImportAsync(Roster, default);

        Assert.Equal(new RosterImportOutcome(6, 3, 0), outcome);
        Assert.Equal(
            new Member(Zhang, "张三", "13900000001", RosterPlan.UnitId(Office), RosterPlan.UnitId(Office + "/第一党小组"), MemberStatus.Full, MemberRole.Secretary, Post: MemberPost.Secretary),
            await Members.GetMemberAsync(Zhang, default));
        Assert.Equal(
            new Member(Li, "李四", "13900000002", RosterPlan.UnitId(Office), null, MemberStatus.Probationary, MemberRole.Member, Post: MemberPost.Member),
            await Members.GetMemberAsync(Li, default));
        Assert.Equal([Li, Wang, Zhang], Ids(await Members.ListAllAsync(default)));
    }

    [Fact]
    public async Task Import_SameRosterAgain_ChangesAndDuplicatesNothing()
    {
        await Members.ImportAsync(Roster, default);

        Assert.Equal(new RosterImportOutcome(0, 0, 0), await Members.ImportAsync(Roster, default));
        Assert.Equal(3, (await Members.ListAllAsync(default)).Count);
        Assert.Equal(6, (await Members.ListUnitsAsync(default)).Count);
        Assert.Equal([Zhang], Ids(await Members.FindByNameAsync("张三", default)));
    }

    [Fact]
    public async Task Import_ChangedRowOfBoundMember_UpdatesItAndKeepsTheBinding()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhang", default);

        var outcome = await Members.ImportAsync(TestStores.Roster($"张三,13900000001,{Office},,预备,党员"), default);

        Assert.Equal(new RosterImportOutcome(0, 0, 1), outcome);
        var zhang = await Members.GetMemberAsync(Zhang, default);
        Assert.Equal(new Member(Zhang, "张三", "13900000001", RosterPlan.UnitId(Office), null, MemberStatus.Probationary, MemberRole.Member, "oZhang", Post: MemberPost.Member), zhang);
        Assert.Equal(BindOutcome.AlreadyBoundToYou, await Members.BindOpenIdAsync(Zhang, "oZhang", default));
    }

    [Fact]
    public async Task Import_RenamedMember_IsFoundByTheNewNameOnly()
    {
        await Members.ImportAsync(Roster, default);

        await Members.ImportAsync(TestStores.Roster($"张山,13900000001,{Office},第一党小组,正式,书记"), default);

        Assert.Empty(await Members.FindByNameAsync("张三", default));
        Assert.Equal([Zhang], Ids(await Members.FindByNameAsync("张山", default)));
        Assert.Equal(3, (await Members.ListAllAsync(default)).Count);
    }

    [Fact]
    public async Task FindByName_TwoMembersOfOneName_FindsBoth()
    {
        await Members.ImportAsync(TestStores.Roster($"张三,13900000001,{Office},,,", $"张三,13900000003,{Finance},,,"), default);

        Assert.Equal([Wang, Zhang], Ids(await Members.FindByNameAsync("张三", default)));
        Assert.Empty(await Members.FindByNameAsync("赵六", default));
    }

    [Fact]
    public async Task Bind_FreeMemberAndOpenId_IsBoundAndSubscribed()
    {
        await Members.ImportAsync(Roster, default);

        Assert.Equal(BindOutcome.Bound, await Members.BindOpenIdAsync(Zhang, "oZhang", default));

        var zhang = await Members.GetMemberAsync(Zhang, default);
        Assert.Equal("oZhang", zhang!.OpenId);
        Assert.True(zhang.Subscribed);
    }

    [Fact]
    public async Task Bind_SameOpenIdAgain_IsAlreadyBoundToYou()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhang", default);

        Assert.Equal(BindOutcome.AlreadyBoundToYou, await Members.BindOpenIdAsync(Zhang, "oZhang", default));
    }

    [Fact]
    public async Task Bind_MemberBoundToAnotherOpenId_IsMemberBoundElsewhereAndKeepsTheFirst()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhang", default);

        Assert.Equal(BindOutcome.MemberBoundElsewhere, await Members.BindOpenIdAsync(Zhang, "oIntruder", default));

        Assert.Equal("oZhang", (await Members.GetMemberAsync(Zhang, default))!.OpenId);
        Assert.Null(await Members.GetProfileAsync("oIntruder", default));
    }

    [Fact]
    public async Task Bind_OpenIdBoundToAnotherMember_IsOpenIdBoundToOtherAndLeavesThatMemberFree()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhang", default);

        Assert.Equal(BindOutcome.OpenIdBoundToOther, await Members.BindOpenIdAsync(Li, "oZhang", default));

        Assert.Null((await Members.GetMemberAsync(Li, default))!.OpenId);
        Assert.Equal(Zhang, (await Members.GetProfileAsync("oZhang", default))!.MemberId);
    }

    [Fact]
    public async Task Bind_UnknownMember_IsNotFound()
    {
        await Members.ImportAsync(Roster, default);

        Assert.Equal(BindOutcome.NotFound, await Members.BindOpenIdAsync("mnobody", "oZhang", default));
        Assert.Null(await Members.GetProfileAsync("oZhang", default));
    }

    [Fact]
    public async Task Bind_ConcurrentOpenIdsForOneMember_BindsExactlyOne()
    {
        await Members.ImportAsync(Roster, default);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => Members.BindOpenIdAsync(Zhang, "o" + i, default))));

        Assert.Equal(1, outcomes.Count(o => o == BindOutcome.Bound));
        Assert.Equal(9, outcomes.Count(o => o == BindOutcome.MemberBoundElsewhere));
        var openId = (await Members.GetMemberAsync(Zhang, default))!.OpenId!;
        Assert.Equal(Zhang, (await Members.GetProfileAsync(openId, default))!.MemberId);
    }

    [Fact]
    public async Task Unbind_BoundMember_FreesMemberAndOpenIdForOtherBindings()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhang", default);

        Assert.True(await Members.UnbindAsync(Zhang, default));

        Assert.Null((await Members.GetMemberAsync(Zhang, default))!.OpenId);
        Assert.Equal(BindOutcome.Bound, await Members.BindOpenIdAsync(Zhang, "oNewPhone", default));
        Assert.Equal(BindOutcome.Bound, await Members.BindOpenIdAsync(Li, "oZhang", default));
        Assert.Equal(Zhang, (await Members.GetProfileAsync("oNewPhone", default))!.MemberId);
        Assert.Equal(Li, (await Members.GetProfileAsync("oZhang", default))!.MemberId);
    }

    [Fact]
    public async Task Unbind_UnboundOrUnknownMember_IsFalse()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhang", default);
        await Members.UnbindAsync(Zhang, default);

        Assert.False(await Members.UnbindAsync(Zhang, default));
        Assert.False(await Members.UnbindAsync(Li, default));
        Assert.False(await Members.UnbindAsync("mnobody", default));
    }

    [Fact]
    public async Task Profile_FollowsBindAndUnbind()
    {
        await Members.ImportAsync(Roster, default);
        Assert.Null(await Members.GetProfileAsync("oZhang", default));

        await Members.BindOpenIdAsync(Zhang, "oZhang", default);
        Assert.Equal(new MemberProfile(Zhang, "张三", RosterPlan.UnitId(Office), MemberRole.Secretary), await Members.GetProfileAsync("oZhang", default));

        await Members.UnbindAsync(Zhang, default);
        Assert.Null(await Members.GetProfileAsync("oZhang", default));
        await Members.ImportAsync(Roster, default);
        Assert.Null(await Members.GetProfileAsync("oZhang", default));
    }

    [Fact]
    public async Task Profile_ReimportChangingNameRoleAndBranch_FollowsTheRoster()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhang", default);

        await Members.ImportAsync(TestStores.Roster($"张山,13900000001,{Finance},,正式,管理员"), default);

        Assert.Equal(new MemberProfile(Zhang, "张山", RosterPlan.UnitId(Finance), MemberRole.Admin), await Members.GetProfileAsync("oZhang", default));
    }

    [Fact]
    public async Task SetSubscribed_BoundOpenId_ChangesTheMemberAndSurvivesReimport()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhang", default);

        await Members.SetSubscribedAsync("oZhang", false, default);
        Assert.False((await Members.GetMemberAsync(Zhang, default))!.Subscribed);
        await Members.ImportAsync(Roster, default);
        Assert.False((await Members.GetMemberAsync(Zhang, default))!.Subscribed);

        await Members.SetSubscribedAsync("oZhang", true, default);
        Assert.True((await Members.GetMemberAsync(Zhang, default))!.Subscribed);
    }

    [Fact]
    public async Task SetSubscribed_UnboundOpenId_ChangesNothing()
    {
        await Members.ImportAsync(Roster, default);

        await Members.SetSubscribedAsync("oStranger", false, default);

        Assert.All(await Members.ListAllAsync(default), m => Assert.True(m.Subscribed));
    }

    [Fact]
    public async Task BindingCode_Redeemed_GivesTheMemberOnce()
    {
        var code = await Members.IssueBindingCodeAsync(Zhang, TimeSpan.FromMinutes(10), default);

        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(Zhang, await Members.RedeemBindingCodeAsync(code, default));
        Assert.Null(await Members.RedeemBindingCodeAsync(code, default));
    }

    [Fact]
    public async Task BindingCode_Unknown_IsNull() => Assert.Null(await Members.RedeemBindingCodeAsync("000000", default));

    [Fact]
    public async Task BindingCode_TwoIssued_AreDistinctAndIndependent()
    {
        var first = await Members.IssueBindingCodeAsync(Zhang, TimeSpan.FromMinutes(10), default);
        var second = await Members.IssueBindingCodeAsync(Li, TimeSpan.FromMinutes(10), default);

        Assert.NotEqual(first, second);
        Assert.Equal(Li, await Members.RedeemBindingCodeAsync(second, default));
        Assert.Equal(Zhang, await Members.RedeemBindingCodeAsync(first, default));
    }

    [Fact]
    public async Task GetMany_UnknownIds_AreSkippedAndOrderKept()
    {
        await Members.ImportAsync(Roster, default);

        Assert.Equal([Wang, Zhang], Ids(await Members.GetManyAsync([Wang, "mnobody", Zhang], default), sort: false));
        Assert.Empty(await Members.GetManyAsync([], default));
        Assert.Null(await Members.GetMemberAsync("mnobody", default));
    }

    [Fact]
    public async Task ListUnits_AfterImport_IsTheTreeWithKindsAndParents()
    {
        Assert.Empty(await Members.ListUnitsAsync(default));
        await Members.ImportAsync(Roster, default);

        var top = RosterPlan.UnitId(Committee);
        var general = RosterPlan.UnitId(Committee + "/第一党总支");
        OrgUnit[] expected =
        [
            new(top, "市直机关工委", OrgUnitKind.Committee, null),
            new(general, "第一党总支", OrgUnitKind.GeneralBranch, top),
            new(RosterPlan.UnitId(Office), "办公室党支部", OrgUnitKind.Branch, general),
            new(RosterPlan.UnitId(Office + "/第一党小组"), "第一党小组", OrgUnitKind.Group, RosterPlan.UnitId(Office)),
            new(RosterPlan.UnitId(Finance), "财务党支部", OrgUnitKind.Branch, top),
            new(RosterPlan.UnitId(Finance + "/第一党小组"), "第一党小组", OrgUnitKind.Group, RosterPlan.UnitId(Finance)),
        ];
        Assert.Equal(expected.OrderBy(u => u.Id, StringComparer.Ordinal), (await Members.ListUnitsAsync(default)).OrderBy(u => u.Id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Import_NewBranchLater_AddsOnlyTheNewUnits()
    {
        await Members.ImportAsync(Roster, default);

        var outcome = await Members.ImportAsync(TestStores.Roster($"赵六,13900000004,{Committee}/宣传党支部,,,"), default);

        Assert.Equal(new RosterImportOutcome(1, 1, 0), outcome);
        Assert.Equal(7, (await Members.ListUnitsAsync(default)).Count);
        Assert.Equal(4, (await Members.ListAllAsync(default)).Count);
    }

    private static string[] Ids(IEnumerable<Member> members, bool sort = true)
    {
        var ids = members.Select(m => m.Id);
        return (sort ? ids.Order(StringComparer.Ordinal) : ids).ToArray();
    }

    [Fact]
    public async Task Query_FiltersByBranchTextAndBinding_SortsByNameAndPages()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhang", default);

        var office = await Members.QueryAsync(new MemberQuery(RosterPlan.UnitId(Office), null, null, 0, 10), default);
        Assert.Equal(2, office.Total);
        Assert.Equal([Zhang, Li], Ids(office.Items, sort: false));
        Assert.Equal([Li], Ids((await Members.QueryAsync(new MemberQuery(RosterPlan.UnitId(Office), null, false, 0, 10), default)).Items));
        Assert.Equal([Wang], Ids((await Members.QueryAsync(new MemberQuery(null, "0003", null, 0, 10), default)).Items));
        var page = await Members.QueryAsync(new MemberQuery(null, null, null, 1, 1), default);
        Assert.Equal(3, page.Total);
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task Query_MemberMovedToAnotherBranch_IsListedOnlyThere()
    {
        await Members.ImportAsync(Roster, default);
        await Members.ImportAsync(TestStores.Roster($"李四,13900000002,{Finance},,预备,党员"), default);

        Assert.Equal([Zhang], Ids((await Members.QueryAsync(new MemberQuery(RosterPlan.UnitId(Office), null, null, 0, 10), default)).Items));
        var counts = await Members.CountByBranchAsync(default);
        Assert.Equal(1, counts[RosterPlan.UnitId(Office)]);
        Assert.Equal(2, counts[RosterPlan.UnitId(Finance)]);
    }
}

public sealed class MemoryMemberStoreContractTests : MemberStoreContractTests
{
    private readonly ManualClock _clock = new();
    private readonly MemoryStore _store;

    public MemoryMemberStoreContractTests() => _store = TestStores.Memory(_clock);

    protected override IMemberStore Members => _store;

    [Fact]
    public async Task BindingCode_AfterItsTtl_IsNull()
    {
        var code = await _store.IssueBindingCodeAsync(Zhang, TimeSpan.FromMinutes(10), default);
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await _store.RedeemBindingCodeAsync(code, default));
    }
}

public sealed class RedisMemberStoreContractTests : MemberStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IMemberStore Members => _redis.Store;

    [Fact]
    public async Task BindingCode_Issued_ExpiresByItsTtl()
    {
        var code = await _redis.Store.IssueBindingCodeAsync(Zhang, TimeSpan.FromMinutes(10), default);
        var db = await _redis.Connection.DatabaseAsync(default);
        var ttl = await db.KeyTimeToLiveAsync(_redis.Prefix + "{org}:code:" + code);
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Query_RosterImportedBeforeBranchSetsExisted_BuildsThemOnFirstUse()
    {
        await _redis.Store.ImportAsync(Roster, default);
        var db = await _redis.Connection.DatabaseAsync(default);
        await db.KeyDeleteAsync([_redis.Prefix + "{org}:bm:" + RosterPlan.UnitId(Office), _redis.Prefix + "{org}:bm:" + RosterPlan.UnitId(Finance), _redis.Prefix + "{org}:bm-ready"]);

        var fresh = new RedisStore(_redis.Connection, Microsoft.Extensions.Options.Options.Create(new BranchBot.Core.Inbox.ConversationOptions()));
        Assert.Equal(2, (await fresh.QueryAsync(new MemberQuery(RosterPlan.UnitId(Office), null, null, 0, 10), default)).Total);
        Assert.Equal(1, (await fresh.CountByBranchAsync(default))[RosterPlan.UnitId(Finance)]);
    }

    [Fact]
    public async Task CountByBranch_MembersWhoLeftBeforeTheLeftSetsExisted_AreFoundOnFirstUse()
    {
        await _redis.Store.ImportAsync(Roster, default);
        await _redis.Store.LeaveAsync(Li, MemberStanding.Deceased, new DateOnly(2026, 11, 1), null,
            new MemberHistoryEntry(DateTimeOffset.UnixEpoch, new DateOnly(2026, 11, 1), MemberChangeKind.Left, "admin", RosterPlan.UnitId(Office), null, null, null, MemberStanding.Deceased, null), default);
        var db = await _redis.Connection.DatabaseAsync(default);
        await db.KeyDeleteAsync([_redis.Prefix + "{org}:bl:" + RosterPlan.UnitId(Office), _redis.Prefix + "{org}:bl-ready"]);

        var fresh = new RedisStore(_redis.Connection, Microsoft.Extensions.Options.Options.Create(new BranchBot.Core.Inbox.ConversationOptions()));
        Assert.Equal(1, (await fresh.CountByBranchAsync(default))[RosterPlan.UnitId(Office)]);
    }

    public void Dispose() => _redis.Dispose();
}
