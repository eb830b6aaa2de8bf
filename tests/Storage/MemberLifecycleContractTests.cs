using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IMemberLifecycleStore"/> must do; run on memory, one Redis and the cluster.</summary>
public abstract class MemberLifecycleContractTests
{
    private const string Office = MemberStoreContractTests.Office;
    private const string Finance = MemberStoreContractTests.Finance;
    private static readonly string Zhang = RosterPlan.MemberId("13900000001");
    private static readonly string Li = RosterPlan.MemberId("13900000002");
    private static readonly DateTimeOffset At = new(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly On = new(2026, 11, 10);

    private static readonly RosterPlanResult Roster = TestStores.Roster(
        $"张三,13900000001,{Office},第一党小组,正式,党员",
        $"李四,13900000002,{Office},,预备,党员",
        $"王五,13900000003,{Finance},第一党小组,正式,党小组长");

    protected abstract IMemberStore Members { get; }

    protected abstract IMemberLifecycleStore Lifecycle { get; }

    protected abstract IMeetingRecords Records { get; }

    protected abstract IPhotoArchiveQueue PhotoQueue { get; }

    private static MemberHistoryEntry Left(MemberStanding standing, string? note) =>
        new(At, On, MemberChangeKind.Left, "admin", RosterPlan.UnitId(Office), null, null, null, standing, note);

    [Fact]
    public async Task Leave_SetsTheStanding_EndsTheBinding_AndRemembersTheUserAsFormer()
    {
        await Members.ImportAsync(Roster, default);
        Assert.Equal(BindOutcome.Bound, await Members.BindOpenIdAsync(Zhang, "oZhang", default));

        var change = await Lifecycle.LeaveAsync(Zhang, MemberStanding.TransferredOut, On, "市财政局机关党委", Left(MemberStanding.TransferredOut, "市财政局机关党委"), default);

        Assert.True(change.Applied);
        Assert.Equal("oZhang", change.UnboundOpenId);
        var member = await Members.GetMemberAsync(Zhang, default);
        Assert.Equal((MemberStanding.TransferredOut, On, "市财政局机关党委", (string?)null), (member!.Standing, member.StandingSince, member.StandingNote, member.OpenId));
        Assert.Null(await Members.GetProfileAsync("oZhang", default));
        Assert.True(await Lifecycle.IsFormerMemberAsync("oZhang", default));
        Assert.False(await Lifecycle.IsFormerMemberAsync("oSomeoneElse", default));
        Assert.Equal([Left(MemberStanding.TransferredOut, "市财政局机关党委")], await Lifecycle.HistoryAsync(Zhang, default));
    }

    [Fact]
    public async Task Leave_Again_ChangesNothing_AndAddsNoHistory()
    {
        await Members.ImportAsync(Roster, default);
        await Lifecycle.LeaveAsync(Li, MemberStanding.Deceased, On, null, Left(MemberStanding.Deceased, null), default);

        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Lifecycle.LeaveAsync(Li, MemberStanding.Deceased, On.AddDays(1), null, Left(MemberStanding.Deceased, null) with { On = On.AddDays(1) }, default)));

        Assert.All(again, c => Assert.False(c.Applied));
        Assert.Single(await Lifecycle.HistoryAsync(Li, default));
        Assert.Equal(On, (await Members.GetMemberAsync(Li, default))!.StandingSince);
        Assert.False((await Lifecycle.LeaveAsync("mnobody", MemberStanding.Deceased, On, null, Left(MemberStanding.Deceased, null), default)).Applied);
    }

    [Fact]
    public async Task FormerMember_CannotBind_ListsOnlyAsFormer_AndReimportKeepsTheStanding()
    {
        await Members.ImportAsync(Roster, default);
        await Lifecycle.LeaveAsync(Li, MemberStanding.Suspended, On, "失去联系超过六个月", Left(MemberStanding.Suspended, "失去联系超过六个月"), default);

        Assert.Equal(BindOutcome.NotFound, await Members.BindOpenIdAsync(Li, "oLi", default));
        var office = RosterPlan.UnitId(Office);
        Assert.Equal([Zhang], (await Members.QueryAsync(new MemberQuery(office, null, null, 0, 50), default)).Items.Select(m => m.Id));
        Assert.Equal([Li], (await Members.QueryAsync(new MemberQuery(office, null, null, 0, 50, Former: true), default)).Items.Select(m => m.Id));

        var outcome = await Members.ImportAsync(Roster, default);
        Assert.Equal(0, outcome.MembersUpdated);
        Assert.Equal(MemberStanding.Suspended, (await Members.GetMemberAsync(Li, default))!.Standing);
    }

    [Fact]
    public async Task CountByBranch_LeavesOutWhoLeft_EvenAfterAReimportMovesThem()
    {
        await Members.ImportAsync(Roster, default);
        await Lifecycle.LeaveAsync(Li, MemberStanding.TransferredOut, On, "外单位", Left(MemberStanding.TransferredOut, "外单位"), default);
        await Lifecycle.LeaveAsync(Li, MemberStanding.TransferredOut, On, "外单位", Left(MemberStanding.TransferredOut, "外单位"), default);

        var counts = await Members.CountByBranchAsync(default);
        Assert.Equal((1, 1), (counts[RosterPlan.UnitId(Office)], counts[RosterPlan.UnitId(Finance)]));

        // A roster file that still lists the former member under another branch moves the record, not the count.
        await Members.ImportAsync(TestStores.Roster($"李四,13900000002,{Finance},,预备,党员"), default);
        counts = await Members.CountByBranchAsync(default);
        Assert.Equal((1, 1), (counts[RosterPlan.UnitId(Office)], counts[RosterPlan.UnitId(Finance)]));
    }

    [Fact]
    public async Task Erase_MovesEverythingToTheAnonymousId_AndForgetsPhoneAndOpenId_EvenAfterLeaving()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhangE", default);
        await Lifecycle.LeaveAsync(Zhang, MemberStanding.TransferredOut, On, "外单位", Left(MemberStanding.TransferredOut, "外单位"), default);
        var erased = new MemberHistoryEntry(At, On, MemberChangeKind.Erased, "admin", Note: "本人申请");

        // The openid is no longer on the member (it left); the store still knows it to erase it.
        var outcome = await Lifecycle.EraseAsync(new Erasure(Zhang, "manon0000001", "13900000001", [], "已删除信息的党员", erased), default);

        Assert.True(outcome.Found);
        Assert.Null(await Members.GetMemberAsync(Zhang, default));
        var anonymous = await Members.GetMemberAsync("manon0000001", default);
        Assert.Equal(("已删除信息的党员", "", (string?)null, MemberStanding.TransferredOut), (anonymous!.Name, anonymous.Phone, anonymous.OpenId, anonymous.Standing));
        Assert.False(await Lifecycle.IsFormerMemberAsync("oZhangE", default));
        Assert.Empty(await Members.FindByNameAsync("张三", default));
        Assert.Equal([MemberChangeKind.Left, MemberChangeKind.Erased], (await Lifecycle.HistoryAsync("manon0000001", default)).Select(e => e.Kind));
        Assert.Empty(await Lifecycle.HistoryAsync(Zhang, default));
        Assert.Contains("manon0000001", (await Members.QueryAsync(new MemberQuery(RosterPlan.UnitId(Office), null, null, 0, 50, Former: true), default)).Items.Select(m => m.Id));
        Assert.False((await Lifecycle.EraseAsync(new Erasure(Zhang, "manon0000002", "13900000001", [], "x", erased), default)).Found);
    }

    [Fact]
    public async Task Erase_MovesMeetingPhotosToTheAnonymousSender_AndKeepsTheirArchiveState()
    {
        await Members.ImportAsync(Roster, default);
        var photo = new MeetingPhoto("mtErase", "6054768590064713731", Zhang, "media-1", "http://mmbiz.qpic.cn/1", At);
        await Records.AttachPhotoAsync(photo, default);
        await Records.AttachPhotoAsync(photo with { PhotoId = "6054768590064713732", MemberId = Li }, default);
        var archived = new PhotoArchiveState(PhotoArchiveStatus.Archived, 1, PhotoFormat.Jpeg, 2048);
        await PhotoQueue.SetPhotoStateAsync(new PhotoKey("mtErase", photo.PhotoId), archived, default);
        var erased = new MemberHistoryEntry(At, On, MemberChangeKind.Erased, "admin", Note: "本人申请");

        Assert.True((await Lifecycle.EraseAsync(new Erasure(Zhang, "manon0000003", "13900000001", [], "已删除信息的党员", erased), default)).Found);

        Assert.Equal(["manon0000003", Li], (await Records.ListPhotosAsync("mtErase", default)).Select(p => p.MemberId));
        Assert.Equal(archived, (await PhotoQueue.GetPhotoStatesAsync("mtErase", default))[photo.PhotoId]);
    }

    [Fact]
    public async Task Move_ChangesBranchAndGroup_FollowsTheProfile_AndKeepsHistory()
    {
        await Members.ImportAsync(Roster, default);
        await Members.BindOpenIdAsync(Zhang, "oZhang2", default);
        var finance = RosterPlan.UnitId(Finance);
        var group = RosterPlan.UnitId(Finance + "/第一党小组");
        var entry = new MemberHistoryEntry(At, On, MemberChangeKind.Moved, "admin", RosterPlan.UnitId(Office), finance, RosterPlan.UnitId(Office + "/第一党小组"), group);

        var change = await Lifecycle.MoveAsync(Zhang, finance, group, entry, default);
        var again = await Lifecycle.MoveAsync(Zhang, finance, group, entry, default);

        Assert.True(change.Applied);
        Assert.False(again.Applied);
        Assert.Equal((finance, group), (change.Member!.BranchId, change.Member.GroupId));
        Assert.Equal(finance, (await Members.GetProfileAsync("oZhang2", default))!.BranchId);
        Assert.Contains(Zhang, (await Members.QueryAsync(new MemberQuery(finance, null, null, 0, 50), default)).Items.Select(m => m.Id));
        Assert.DoesNotContain(Zhang, (await Members.QueryAsync(new MemberQuery(RosterPlan.UnitId(Office), null, null, 0, 50), default)).Items.Select(m => m.Id));
        Assert.Equal([entry], await Lifecycle.HistoryAsync(Zhang, default));
    }
}

public sealed class MemoryMemberLifecycleContractTests : MemberLifecycleContractTests
{
    private readonly Adapters.Memory.MemoryStore _store = TestStores.Memory(new ManualClock());

    protected override IMemberStore Members => _store;

    protected override IMemberLifecycleStore Lifecycle => _store;

    protected override IMeetingRecords Records => _store;

    protected override IPhotoArchiveQueue PhotoQueue => _store;
}

public sealed class RedisMemberLifecycleContractTests : MemberLifecycleContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IMemberStore Members => _redis.Store;

    protected override IMemberLifecycleStore Lifecycle => _redis.Store;

    protected override IMeetingRecords Records => _redis.Store;

    protected override IPhotoArchiveQueue PhotoQueue => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterMemberLifecycleContractTests : MemberLifecycleContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IMemberStore Members => _redis.Store;

    protected override IMemberLifecycleStore Lifecycle => _redis.Store;

    protected override IMeetingRecords Records => _redis.Store;

    protected override IPhotoArchiveQueue PhotoQueue => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
