using BranchBot.Bot.Meetings;
using BranchBot.Core.Meetings;
using BranchBot.Tests.Meetings;
using Microsoft.Extensions.Logging.Abstractions;

namespace BranchBot.Tests.Security;

/// <summary>A meeting that cannot be closed never keeps the others from being closed.</summary>
public sealed class WorkerIsolationTests
{
    [Fact]
    public async Task AttendanceCloser_OneMeetingThatFails_TheOthersAreClosed()
    {
        await using var bot = await MeetingBot.StartAsync();
        var broken = await bot.ScheduleAsync(TimeSpan.FromMinutes(10));
        var healthy = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        bot.Clock.Advance(TimeSpan.FromHours(6));
        var store = new FailingMeetingStore(bot.Get<IMeetingStore>(), broken.Id);
        var closer = new AttendanceCloser(store, bot.Get<AttendanceService>(), bot.Clock, NullLogger<AttendanceCloser>.Instance);

        var (due, failed) = await closer.CloseDueAsync(default);

        Assert.Equal((2, 1), (due, failed));
        var remaining = await bot.Get<IMeetingStore>().DueForClosingAsync(bot.Clock.GetUtcNow(), 100, default);
        Assert.Equal([broken.Id], remaining);
        Assert.All(await bot.Get<IMeetingStore>().GetAttendanceAsync(healthy.Id, default), r => Assert.Equal(AttendanceStatus.Absent, r.Status));
    }

    /// <summary>The real store, except that the named meeting cannot be read.</summary>
    private sealed class FailingMeetingStore(IMeetingStore inner, string brokenId) : IMeetingStore
    {
        public Task<Meeting?> GetMeetingAsync(string meetingId, CancellationToken cancellationToken) =>
            meetingId == brokenId ? throw new InvalidOperationException("broken meeting") : inner.GetMeetingAsync(meetingId, cancellationToken);

        public Task SaveAsync(Meeting meeting, IReadOnlyList<string> attendeeIds, DateTimeOffset closeAt, CancellationToken cancellationToken) => inner.SaveAsync(meeting, attendeeIds, closeAt, cancellationToken);

        public Task<IReadOnlyList<string>> DueForClosingAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.DueForClosingAsync(now, max, cancellationToken);

        public Task MarkClosedAsync(string meetingId, CancellationToken cancellationToken) => inner.MarkClosedAsync(meetingId, cancellationToken);

        public Task<IReadOnlyList<Meeting>> ListByBranchAsync(string branchId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => inner.ListByBranchAsync(branchId, from, to, cancellationToken);

        public Task<IReadOnlyList<Meeting>> ListForMemberAsync(string memberId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => inner.ListForMemberAsync(memberId, from, to, cancellationToken);

        public Task<IReadOnlyList<AttendanceRecord>> GetAttendanceAsync(string meetingId, CancellationToken cancellationToken) => inner.GetAttendanceAsync(meetingId, cancellationToken);

        public Task<AttendanceRecord?> GetAttendeeAsync(string meetingId, string memberId, CancellationToken cancellationToken) => inner.GetAttendeeAsync(meetingId, memberId, cancellationToken);

        public Task<AttendanceChange> ChangeAttendanceAsync(AttendanceRecord next, IReadOnlyCollection<AttendanceStatus> from, CancellationToken cancellationToken) => inner.ChangeAttendanceAsync(next, from, cancellationToken);
    }
}
