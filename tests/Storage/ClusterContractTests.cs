using BranchBot.Core.Competitions;
using BranchBot.Core.Inbox;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Core.Reminders;
using BranchBot.Core.Storage;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

// The same contracts against a three-master Redis Cluster: any multi-key script or transaction whose keys fall in
// different slots fails there with CROSSSLOT, so these prove the hash tags keep each one in one slot.

public sealed class ClusterStoreContractTests : StoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IConversationStore Conversations => _redis.Store;

    protected override ISharedState Shared => _redis.Store;

    protected override IRankingStore Rankings => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterMemberStoreContractTests : MemberStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IMemberStore Members => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterStudyStoreContractTests : StudyStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IStudyStore Study => _redis.Store;

    protected override IMemberStore Members => _redis.Store;

    protected override IRankingStore Rankings => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterOperationsTests : IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    [Fact]
    public async Task MeetingsQueueAndRooms_OnACluster_WorkAcrossSlots()
    {
        var store = _redis.Store;
        var now = DateTimeOffset.UtcNow;
        var meeting = new Meeting("mtcluster", "b1", null, MeetingType.Committee, "支委会", now.AddHours(2), now.AddHours(3), "三楼", null, null, MeetingStatus.Scheduled, 1, "s", "t");
        await store.SaveAsync(meeting, ["m1", "m2"], now.AddHours(3), default);
        Assert.Equal(["mtcluster"], (await store.ListForMemberAsync("m1", now, now.AddDays(1), default)).Select(m => m.Id));
        var change = await store.ChangeAttendanceAsync(new AttendanceRecord("mtcluster", "m1", AttendanceStatus.Present, now, CheckInMethod.Code), [AttendanceStatus.Pending], default);
        Assert.True(change.Applied);

        var job = new ReminderJob("r:mtcluster:m1:60", ReminderKind.Reminder, "mtcluster", "m1", now.AddMinutes(-1), 1);
        await store.ScheduleAsync([job], default);
        var claimed = Assert.Single(await store.ClaimDueAsync(now, 10, TimeSpan.FromMinutes(1), default));
        Assert.Equal(DeliveryStart.New, await store.BeginDeliveryAsync("k1", TimeSpan.FromDays(1), default));
        await store.FinishDeliveryAsync("k1", new DeliveryOutcome(job.Id, job.Kind, job.MeetingId, job.MemberId, DeliveryChannel.Template, DeliveryStatus.Sent, "ok", now), TimeSpan.FromDays(1), default);
        await store.CompleteAsync(claimed, default);
        Assert.Empty(await store.ListAsync("mtcluster", default));
        await store.CancelAsync("mtcluster", null, default);

        var room = new Room("rmcluster", "112233", "t", "h", "oH", "b1", 20, true, true, ["q1"], null, now);
        Assert.True(await store.CreateAsync(room, new RoomState(RoomPhase.Lobby, -1, null, null, null, now, 1), default));
        Assert.True(await store.SaveStateAsync(room.Id, new RoomState(RoomPhase.Open, 0, now, now.AddSeconds(20), null, now, 2), 1, default));
        await store.JoinAsync(room.Id, new Participant("m1", "甲", "b1", "o1", now), default);
        var answer = await store.AnswerAsync(room.Id, 0, "m1", true, now.AddSeconds(2), now, TimeSpan.FromSeconds(20), CompetitionScoring.From(new CompetitionOptions()), default);
        Assert.Equal(950, answer.Points);
        await store.FinishAsync(room, new CompetitionResult(room.Id, "t", "b1", now, [], []), default);
        Assert.Single(await store.ResultsAsync(5, default));

        var abandoned = room with { Id = "rmabandoned", Code = "445566" };
        Assert.True(await store.CreateAsync(abandoned, new RoomState(RoomPhase.Lobby, -1, null, null, null, now, 1), default));
        await store.ExpireAsync(abandoned, default);
        Assert.DoesNotContain("rmabandoned", await store.ActiveRoomsAsync(default));
        Assert.Null(await store.FindByCodeAsync("445566", default));
        Assert.Single(await store.ResultsAsync(5, default));

        await store.UpsertAsync([new Question("q1", QuestionType.TrueFalse, "题", [], "对", "", "党章", 1)], default);
        Assert.Equal(1, await store.GetVersionAsync(default));
        await store.ApplyAsync([new RankingUpdate("m1", "b1", 3, now)], default);
        await store.ReplaceAsync(new Dictionary<(RankingScope, string), IReadOnlyDictionary<string, int>> { [(RankingScope.Organisation, StudyPeriods.AllTime)] = new Dictionary<string, int> { ["m1"] = 5 } }, default);
        Assert.Equal(5, (await store.RankOfAsync(RankingScope.Organisation, StudyPeriods.AllTime, "m1", default))!.Points);
        Assert.Null(await store.RankOfAsync(RankingScope.Branch("b1"), StudyPeriods.AllTime, "m1", default));
    }

    public void Dispose() => _redis.Dispose();
}
