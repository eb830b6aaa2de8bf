using BranchBot.Core.Meetings;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>
/// What every adapter's <see cref="IMeetingStore"/> must do; run on memory, one Redis and the cluster. The attendance
/// compare-and-set is a rule written twice (RedisStore.Meetings ChangeAttendance script, MemoryStore.ChangeAttendanceAsync):
/// the ChangeAttendance tests here hold both to it.
/// </summary>
public abstract class MeetingStoreContractTests
{
    /// <summary>Tuesday 1 December 2026, 10:00 in China; whole milliseconds, as the Redis store keeps times.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    /// <summary>The statuses a check-in may replace (as <see cref="AttendanceService"/> allows).</summary>
    private static readonly AttendanceStatus[] CanCheckIn =
        [AttendanceStatus.Pending, AttendanceStatus.LeaveRequested, AttendanceStatus.OnLeave, AttendanceStatus.LeaveRefused, AttendanceStatus.Unverified];

    protected abstract IMeetingStore Meetings { get; }

    private static Meeting MeetingAt(string id, DateTimeOffset start, string branch = "b1", long version = 1) => new(
        id, branch, "g1", MeetingType.PartyCongress, "支部党员大会", start, start.AddHours(1), "三楼会议室", new GeoFence(31.2304, 121.4737, 150.5),
        "host1", MeetingStatus.Scheduled, version, "secret-" + id, "sec1");

    private Task SaveAsync(Meeting meeting, params string[] attendees) => Meetings.SaveAsync(meeting, attendees, meeting.Start.AddMinutes(30), default);

    private static AttendanceRecord CheckIn(string meetingId, string memberId, DateTimeOffset at, CheckInMethod method = CheckInMethod.Code) =>
        new(meetingId, memberId, at > Now ? AttendanceStatus.Late : AttendanceStatus.Present, at, method);

    [Fact]
    public async Task Save_NewMeeting_IsReadBackWithEveryFieldAndEachAttendeePending()
    {
        var meeting = MeetingAt("mt1", Now.AddHours(2));

        await SaveAsync(meeting, "m2", "m1", "m3");

        Assert.Equal(meeting, await Meetings.GetMeetingAsync("mt1", default));
        Assert.Equal(
            [new AttendanceRecord("mt1", "m1", AttendanceStatus.Pending), new AttendanceRecord("mt1", "m2", AttendanceStatus.Pending), new AttendanceRecord("mt1", "m3", AttendanceStatus.Pending)],
            await Meetings.GetAttendanceAsync("mt1", default));
        Assert.Equal(new AttendanceRecord("mt1", "m2", AttendanceStatus.Pending), await Meetings.GetAttendeeAsync("mt1", "m2", default));
    }

    [Fact]
    public async Task Save_MeetingHeldAsSeveralKinds_KeepsTheKindsItAlsoCountsAs()
    {
        var meeting = MeetingAt("mt1b", Now) with { Type = MeetingType.ThemeDay, AlsoCounts = [MeetingType.PartyLecture, MeetingType.MemberReview] };

        await SaveAsync(meeting, "m1");

        var read = await Meetings.GetMeetingAsync("mt1b", default);
        Assert.Equivalent(meeting, read, strict: true);
        Assert.Equal([MeetingType.ThemeDay, MeetingType.PartyLecture, MeetingType.MemberReview], read!.Kinds);
        Assert.Equivalent(meeting, (await Meetings.ListByBranchAsync("b1", Now, Now.AddHours(1), default)).Single(), strict: true);
    }

    [Fact]
    public async Task Get_UnknownMeetingOrNonAttendee_IsNullOrEmpty()
    {
        await SaveAsync(MeetingAt("mt2", Now), "m1");

        Assert.Null(await Meetings.GetMeetingAsync("nope", default));
        Assert.Empty(await Meetings.GetAttendanceAsync("nope", default));
        Assert.Null(await Meetings.GetAttendeeAsync("nope", "m1", default));
        Assert.Null(await Meetings.GetAttendeeAsync("mt2", "m9", default));
    }

    [Fact]
    public async Task Save_Again_ReplacesTheMeeting_KeepsStayingAttendeesRecords_AddsNewOnesPending_DropsRemovedOnes()
    {
        var meeting = MeetingAt("mt3", Now);
        await SaveAsync(meeting, "m1", "m2");
        var checkedIn = CheckIn("mt3", "m1", Now.AddMinutes(-5));
        Assert.True((await Meetings.ChangeAttendanceAsync(checkedIn, CanCheckIn, default)).Applied);

        var updated = meeting with { Title = "支部党员大会（改期）", Place = "五楼", Version = 2, Status = MeetingStatus.Cancelled, Fence = null, GroupId = null };
        await SaveAsync(updated, "m1", "m3");

        Assert.Equal(updated, await Meetings.GetMeetingAsync("mt3", default));
        Assert.Equal([checkedIn, new AttendanceRecord("mt3", "m3", AttendanceStatus.Pending)], await Meetings.GetAttendanceAsync("mt3", default));
        Assert.Null(await Meetings.GetAttendeeAsync("mt3", "m2", default));
        Assert.Empty(await Meetings.ListForMemberAsync("m2", Now.AddDays(-1), Now.AddDays(1), default));
        Assert.Equal(["mt3"], (await Meetings.ListForMemberAsync("m3", Now.AddDays(-1), Now.AddDays(1), default)).Select(m => m.Id));
    }

    [Fact]
    public async Task Save_AttendeeListedTwice_IsOneRecord()
    {
        await SaveAsync(MeetingAt("mt4", Now), "m1", "m1", "m2");

        Assert.Equal(["m1", "m2"], (await Meetings.GetAttendanceAsync("mt4", default)).Select(r => r.MemberId));
    }

    [Fact]
    public async Task ListByBranch_StartsInTheWindowFromInclusiveToExclusive_InStartOrder()
    {
        await SaveAsync(MeetingAt("late", Now.AddHours(2)), "m1");
        await SaveAsync(MeetingAt("first", Now), "m1");
        await SaveAsync(MeetingAt("middle", Now.AddHours(1)), "m1");
        await SaveAsync(MeetingAt("before", Now.AddMilliseconds(-1)), "m1");
        await SaveAsync(MeetingAt("other", Now.AddHours(1), branch: "b2"), "m1");

        Assert.Equal(["first", "middle"], (await Meetings.ListByBranchAsync("b1", Now, Now.AddHours(2), default)).Select(m => m.Id));
        Assert.Equal(["before", "first", "middle", "late"], (await Meetings.ListByBranchAsync("b1", Now.AddDays(-1), Now.AddDays(1), default)).Select(m => m.Id));
        Assert.Equal(["other"], (await Meetings.ListByBranchAsync("b2", Now, Now.AddHours(2), default)).Select(m => m.Id));
        Assert.Empty(await Meetings.ListByBranchAsync("b3", Now.AddDays(-1), Now.AddDays(1), default));
        Assert.Equal(MeetingAt("middle", Now.AddHours(1)), (await Meetings.ListByBranchAsync("b1", Now.AddHours(1), Now.AddHours(1.5), default)).Single());
    }

    [Fact]
    public async Task ListForMember_OnlyMeetingsTheyAttend_InTheWindow_InStartOrder()
    {
        await SaveAsync(MeetingAt("a", Now.AddHours(3)), "m1", "m2");
        await SaveAsync(MeetingAt("b", Now.AddHours(1), branch: "b2"), "m1");
        await SaveAsync(MeetingAt("c", Now.AddHours(2)), "m2");
        await SaveAsync(MeetingAt("d", Now.AddDays(3)), "m1");

        Assert.Equal(["b", "a"], (await Meetings.ListForMemberAsync("m1", Now, Now.AddDays(1), default)).Select(m => m.Id));
        Assert.Equal(["c", "a"], (await Meetings.ListForMemberAsync("m2", Now, Now.AddDays(1), default)).Select(m => m.Id));
        Assert.Equal(["b"], (await Meetings.ListForMemberAsync("m1", Now, Now.AddHours(3), default)).Select(m => m.Id));
        Assert.Empty(await Meetings.ListForMemberAsync("m9", Now, Now.AddDays(10), default));
    }

    [Fact]
    public async Task Save_Rescheduled_MovesTheMeetingInTheBranchAndMemberLists()
    {
        var meeting = MeetingAt("mt5", Now.AddHours(1));
        await SaveAsync(meeting, "m1");

        await SaveAsync(meeting with { Start = Now.AddDays(2), End = Now.AddDays(2).AddHours(1), Version = 2 }, "m1");

        Assert.Empty(await Meetings.ListByBranchAsync("b1", Now, Now.AddDays(1), default));
        Assert.Empty(await Meetings.ListForMemberAsync("m1", Now, Now.AddDays(1), default));
        Assert.Equal(2, (await Meetings.ListByBranchAsync("b1", Now.AddDays(1), Now.AddDays(3), default)).Single().Version);
        Assert.Equal(2, (await Meetings.ListForMemberAsync("m1", Now.AddDays(1), Now.AddDays(3), default)).Single().Version);
    }

    [Fact]
    public async Task ChangeAttendance_FromAnAllowedStatus_Applies_AndTheSameCheckInTwiceChangesOnce()
    {
        await SaveAsync(MeetingAt("mt6", Now), "m1");
        var first = CheckIn("mt6", "m1", Now.AddMinutes(-3));

        Assert.Equal(new AttendanceChange(true, first), await Meetings.ChangeAttendanceAsync(first, CanCheckIn, default));
        var again = await Meetings.ChangeAttendanceAsync(CheckIn("mt6", "m1", Now.AddMinutes(2), CheckInMethod.QrCode), CanCheckIn, default);

        Assert.Equal(new AttendanceChange(false, first), again);
        Assert.Equal(first, await Meetings.GetAttendeeAsync("mt6", "m1", default));
    }

    [Fact]
    public async Task ChangeAttendance_FromAStatusNotAllowed_ChangesNothingAndReturnsTheRecordAsItIs()
    {
        await SaveAsync(MeetingAt("mt7", Now), "m1");
        var absent = new AttendanceRecord("mt7", "m1", AttendanceStatus.Absent);
        Assert.True((await Meetings.ChangeAttendanceAsync(absent, [AttendanceStatus.Pending, AttendanceStatus.LeaveRefused], default)).Applied);

        var change = await Meetings.ChangeAttendanceAsync(new AttendanceRecord("mt7", "m1", AttendanceStatus.LeaveRequested, LeaveReason: "出差"), [AttendanceStatus.Pending], default);

        Assert.Equal(new AttendanceChange(false, absent), change);
        Assert.Equal(new AttendanceChange(false, absent), await Meetings.ChangeAttendanceAsync(absent with { Status = AttendanceStatus.OnLeave }, [], default));
    }

    [Fact]
    public async Task ChangeAttendance_NotAnAttendeeOrUnknownMeeting_AppliesNothingAndHasNoRecord()
    {
        await SaveAsync(MeetingAt("mt8", Now), "m1");

        Assert.Equal(new AttendanceChange(false, null), await Meetings.ChangeAttendanceAsync(CheckIn("mt8", "m9", Now), CanCheckIn, default));
        Assert.Equal(new AttendanceChange(false, null), await Meetings.ChangeAttendanceAsync(CheckIn("nope", "m1", Now), CanCheckIn, default));
        Assert.Null(await Meetings.GetAttendeeAsync("mt8", "m9", default));
        Assert.Equal(["m1"], (await Meetings.GetAttendanceAsync("mt8", default)).Select(r => r.MemberId));
    }

    [Fact]
    public async Task ChangeAttendance_LeaveAskedApprovedThenCheckedIn_FollowsTheAllowedFromStates()
    {
        await SaveAsync(MeetingAt("mt9", Now), "m1", "m2");
        var asked = new AttendanceRecord("mt9", "m1", AttendanceStatus.LeaveRequested, LeaveReason: "家中有事|需照顾老人，12月1日");
        AttendanceStatus[] canAskLeave = [AttendanceStatus.Pending, AttendanceStatus.LeaveRefused];

        Assert.True((await Meetings.ChangeAttendanceAsync(asked, canAskLeave, default)).Applied);
        Assert.False((await Meetings.ChangeAttendanceAsync(asked with { LeaveReason = "再次" }, [AttendanceStatus.Pending], default)).Applied);
        var approved = asked with { Status = AttendanceStatus.OnLeave };
        Assert.Equal(new AttendanceChange(true, approved), await Meetings.ChangeAttendanceAsync(approved, [AttendanceStatus.LeaveRequested], default));
        Assert.False((await Meetings.ChangeAttendanceAsync(approved, [AttendanceStatus.LeaveRequested], default)).Applied);

        var present = CheckIn("mt9", "m1", Now.AddMinutes(-1), CheckInMethod.BySecretary);
        Assert.True((await Meetings.ChangeAttendanceAsync(present, CanCheckIn, default)).Applied);

        Assert.Equal([present, new AttendanceRecord("mt9", "m2", AttendanceStatus.Pending)], await Meetings.GetAttendanceAsync("mt9", default));
    }

    [Fact]
    public async Task ChangeAttendance_EveryStatusAndMethod_IsReadBackAsWritten()
    {
        var members = Enum.GetValues<AttendanceStatus>().Select(s => "m" + (int)s).ToArray();
        await SaveAsync(MeetingAt("mt10", Now), members);
        var methods = Enum.GetValues<CheckInMethod>();
        var written = Enum.GetValues<AttendanceStatus>()
            .Select((s, i) => new AttendanceRecord("mt10", "m" + (int)s, s, i % 2 == 0 ? Now.AddSeconds(i) : null, i % 2 == 0 ? methods[i % methods.Length] : null, i % 3 == 0 ? "理由" + i : null))
            .ToList();

        foreach (var record in written)
        {
            Assert.True((await Meetings.ChangeAttendanceAsync(record, [AttendanceStatus.Pending], default)).Applied);
        }

        Assert.Equal(written.OrderBy(r => r.MemberId, StringComparer.Ordinal), await Meetings.GetAttendanceAsync("mt10", default));
    }

    [Fact]
    public async Task ChangeAttendance_ConcurrentCheckInsOfOneMember_ApplyExactlyOnce()
    {
        await SaveAsync(MeetingAt("mt11", Now), "m1");

        var changes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            Meetings.ChangeAttendanceAsync(CheckIn("mt11", "m1", Now.AddSeconds(-i)), CanCheckIn, default))));

        var applied = Assert.Single(changes, c => c.Applied);
        Assert.All(changes, c => Assert.Equal(applied.Current, c.Current));
        Assert.Equal(applied.Current, await Meetings.GetAttendeeAsync("mt11", "m1", default));
    }

    [Fact]
    public async Task DueForClosing_WindowsEndedByNow_EarliestFirst_UpToMax_UntilMarkedClosed()
    {
        await Meetings.SaveAsync(MeetingAt("c3", Now), ["m1"], Now.AddMinutes(-1), default);
        await Meetings.SaveAsync(MeetingAt("c1", Now), ["m1"], Now.AddMinutes(-30), default);
        await Meetings.SaveAsync(MeetingAt("c2", Now), ["m1"], Now.AddMinutes(-10), default);
        await Meetings.SaveAsync(MeetingAt("open", Now), ["m1"], Now.AddMinutes(1), default);

        Assert.Equal(["c1", "c2", "c3"], await Meetings.DueForClosingAsync(Now, 10, default));
        Assert.Equal(["c1", "c2"], await Meetings.DueForClosingAsync(Now, 2, default));
        Assert.Equal(["c1", "c2", "c3", "open"], await Meetings.DueForClosingAsync(Now.AddMinutes(1), 10, default));

        await Meetings.MarkClosedAsync("c1", default);
        await Meetings.MarkClosedAsync("c1", default);
        await Meetings.MarkClosedAsync("nope", default);

        Assert.Equal(["c2", "c3"], await Meetings.DueForClosingAsync(Now, 10, default));
        Assert.NotNull(await Meetings.GetMeetingAsync("c1", default));
    }

    [Fact]
    public async Task DueForClosing_SavedAgainWithALaterClose_WaitsForTheNewTime()
    {
        var meeting = MeetingAt("c4", Now);
        await Meetings.SaveAsync(meeting, ["m1"], Now.AddMinutes(-5), default);

        await Meetings.SaveAsync(meeting with { Start = Now.AddHours(1), Version = 2 }, ["m1"], Now.AddHours(1.5), default);

        Assert.Empty(await Meetings.DueForClosingAsync(Now, 10, default));
        Assert.Equal(["c4"], await Meetings.DueForClosingAsync(Now.AddHours(1.5), 10, default));
    }
}

public sealed class MemoryMeetingStoreContractTests : MeetingStoreContractTests
{
    private readonly BranchBot.Adapters.Memory.MemoryStore _store = TestStores.Memory(new ManualClock());

    protected override IMeetingStore Meetings => _store;
}

public sealed class RedisMeetingStoreContractTests : MeetingStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IMeetingStore Meetings => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterMeetingStoreContractTests : MeetingStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IMeetingStore Meetings => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
