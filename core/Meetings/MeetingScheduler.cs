using BranchBot.Core.Common;
using System.Security.Cryptography;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;

namespace BranchBot.Core.Meetings;

/// <summary>What a secretary asks for when creating or changing a meeting.</summary>
public sealed record MeetingDraft(
    string BranchId,
    MeetingType Type,
    DateTimeOffset Start,
    string Place,
    DateTimeOffset? End = null,
    string? Title = null,
    string? GroupId = null,
    GeoFence? Fence = null,
    string? HostMemberId = null,
    IReadOnlyList<string>? AttendeeIds = null,
    string? Id = null,
    IReadOnlyList<MeetingType>? AlsoCounts = null);

/// <summary>
/// The saved meeting and its attendee count; or why nothing was saved (in Chinese, for the secretary): a field of the
/// form that is wrong (<see cref="Invalid"/>), or a state that refuses the change (<see cref="Refused"/>).
/// </summary>
public sealed record MeetingResult(Meeting? Meeting, int Attendees, FieldError? Invalid = null, string? Refused = null)
{
    public string? Error => Invalid?.Message ?? Refused;

    public static MeetingResult Fail(string refused) => new(null, 0, Refused: refused);

    public static MeetingResult Fail(FieldError invalid) => new(null, 0, Invalid: invalid);
}

/// <summary>
/// Creates, changes and cancels meetings, and keeps their reminders in step: saving a meeting plans its reminders in
/// the same operation; a change re-plans them and tells the attendees; a cancellation withdraws them and says so.
/// </summary>
public sealed class MeetingScheduler(
    IMeetingStore meetings,
    IMemberStore members,
    IReminderQueue queue,
    ReminderPlanner planner,
    MeetingsOptions options,
    TimeProvider time)
{
    /// <summary>Longest place and title; the console reads them from the API rather than keeping its own copy.</summary>
    public const int MaxPlaceLength = 50;

    public const int MaxTitleLength = 50;

    /// <summary>Longer is a typo (and an end in year 9999 overflowed the next change's arithmetic).</summary>
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    public async Task<MeetingResult> CreateAsync(MeetingDraft draft, string createdBy, CancellationToken cancellationToken)
    {
        if (MeetingTypes.CheckCombination(draft.Type, draft.AlsoCounts) is { } kinds)
        {
            return MeetingResult.Fail(new FieldError("type", kinds));
        }

        if (Validate(draft) is { } error)
        {
            return MeetingResult.Fail(error);
        }

        var id = draft.Id ?? "mt" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        if (await meetings.GetMeetingAsync(id, cancellationToken) is { } existing)
        {
            // The same create arriving again (a retried request): answer with what was saved.
            return new MeetingResult(existing, (await meetings.GetAttendanceAsync(id, cancellationToken)).Count);
        }

        var (attendees, refused) = await AttendeesAsync(draft, cancellationToken);
        if (refused is not null)
        {
            return MeetingResult.Fail(refused);
        }

        if (attendees.Count == 0)
        {
            return MeetingResult.Fail("这个支部还没有党员名单，无法安排会议。");
        }

        var meeting = new Meeting(id, draft.BranchId, draft.GroupId, draft.Type, Title(draft), draft.Start, draft.End ?? draft.Start + options.DefaultDuration,
            draft.Place.Trim(), draft.Fence, draft.HostMemberId, MeetingStatus.Scheduled, 1, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), createdBy,
            draft.AlsoCounts is { Count: > 0 } also ? also : null);
        await SaveAndPlanAsync(meeting, attendees, cancellationToken);
        return new MeetingResult(meeting, attendees.Count);
    }

    public async Task<MeetingResult> UpdateAsync(string meetingId, MeetingDraft draft, CancellationToken cancellationToken)
    {
        if (await meetings.GetMeetingAsync(meetingId, cancellationToken) is not { } current)
        {
            return MeetingResult.Fail("找不到这个会议。");
        }

        if (current.Status == MeetingStatus.Cancelled)
        {
            return MeetingResult.Fail("会议已取消，不能再修改。");
        }

        if (MeetingTypes.CheckCombination(draft.Type, draft.AlsoCounts) is { } kinds)
        {
            return MeetingResult.Fail(new FieldError("type", kinds));
        }

        if (Validate(draft with { BranchId = current.BranchId }) is { } error)
        {
            return MeetingResult.Fail(error);
        }

        var (attendees, refused) = await AttendeesAsync(draft with { BranchId = current.BranchId }, cancellationToken);
        if (refused is not null)
        {
            return MeetingResult.Fail(refused);
        }

        var changed = current with
        {
            Type = draft.Type,
            AlsoCounts = draft.AlsoCounts is { Count: > 0 } also ? also : null,
            Title = Title(draft),
            Start = draft.Start,
            End = draft.End ?? draft.Start + (current.End - current.Start),
            Place = draft.Place.Trim(),
            Fence = draft.Fence ?? current.Fence,
            HostMemberId = draft.HostMemberId ?? current.HostMemberId,
            GroupId = draft.GroupId ?? current.GroupId,
            Version = current.Version + 1,
        };
        await queue.CancelAsync(meetingId, ReminderKind.Reminder, cancellationToken);
        await SaveAndPlanAsync(changed, attendees, cancellationToken);
        if (changed.Start != current.Start || changed.Place != current.Place)
        {
            var now = time.GetUtcNow();
            await queue.ScheduleAsync(attendees.Select(m => new ReminderJob($"chg:{meetingId}:{changed.Version}:{m}", ReminderKind.Changed, meetingId, m, now, changed.Version)).ToList(), cancellationToken);
        }

        return new MeetingResult(changed, attendees.Count);
    }

    public async Task<MeetingResult> CancelAsync(string meetingId, CancellationToken cancellationToken)
    {
        if (await meetings.GetMeetingAsync(meetingId, cancellationToken) is not { } current)
        {
            return MeetingResult.Fail("找不到这个会议。");
        }

        var attendance = await meetings.GetAttendanceAsync(meetingId, cancellationToken);
        if (current.Status == MeetingStatus.Cancelled)
        {
            return new MeetingResult(current, attendance.Count);
        }

        var now = time.GetUtcNow();
        if (current.Start <= now)
        {
            return MeetingResult.Fail("会议已经开始，不能取消。");
        }

        var cancelled = current with { Status = MeetingStatus.Cancelled, Version = current.Version + 1 };
        await meetings.SaveAsync(cancelled, attendance.Select(a => a.MemberId).ToList(), cancelled.Start + options.CheckInClosesAfter, cancellationToken);
        await queue.CancelAsync(meetingId, null, cancellationToken);
        await queue.ScheduleAsync(attendance.Where(a => !a.Excused)
            .Select(a => new ReminderJob($"cxl:{meetingId}:{a.MemberId}", ReminderKind.Cancelled, meetingId, a.MemberId, now, cancelled.Version)).ToList(), cancellationToken);
        return new MeetingResult(cancelled, attendance.Count);
    }

    /// <summary>The meeting with its reminders planned: the plan is queued right after the meeting is saved, and a re-run plans the same ids.</summary>
    private async Task SaveAndPlanAsync(Meeting meeting, IReadOnlyList<string> attendees, CancellationToken cancellationToken)
    {
        await meetings.SaveAsync(meeting, attendees, meeting.Start + options.CheckInClosesAfter, cancellationToken);
        var records = await meetings.GetAttendanceAsync(meeting.Id, cancellationToken);
        await queue.ScheduleAsync(planner.Plan(meeting, records, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// The chosen attendees, or else the branch's members (of the group, if one). The host and everyone chosen must be
    /// members of the meeting's branch: a secretary cannot notify, or learn the names of, another branch's members.
    /// </summary>
    private async Task<(IReadOnlyList<string> Ids, FieldError? Error)> AttendeesAsync(MeetingDraft draft, CancellationToken cancellationToken)
    {
        var chosen = (draft.AttendeeIds ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal).ToList();
        var named = draft.HostMemberId is { } host ? chosen.Append(host).Distinct(StringComparer.Ordinal).ToList() : chosen;
        if (named.Count > 0)
        {
            var ours = (await members.GetManyAsync(named, cancellationToken)).Where(m => m.BranchId == draft.BranchId).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            if (draft.HostMemberId is { } h && !ours.Contains(h))
            {
                return ([], new FieldError("hostMemberId", "主持人应是本支部的党员。"));
            }

            if (!chosen.All(ours.Contains))
            {
                return ([], new FieldError("attendeeIds", "参会人员只能是本支部的党员。"));
            }
        }

        if (chosen.Count > 0)
        {
            return (chosen, null);
        }

        // The branch's own index: a city-wide roster is never read to plan one branch's meeting.
        var branch = await members.QueryAsync(new MemberQuery(draft.BranchId, null, null, 0, int.MaxValue), cancellationToken);
        return (branch.Items
            .Where(m => draft.GroupId is null || m.GroupId == draft.GroupId)
            .Where(m => draft.Type != MeetingType.Committee || MemberPosts.OnCommittee(m.EffectivePost))
            .Select(m => m.Id)
            .ToList(), null);
    }

    /// <summary>The first wrong field of the form, named as the admin API's meeting request names it.</summary>
    private FieldError? Validate(MeetingDraft draft)
    {
        var now = time.GetUtcNow();
        if (draft.Start <= now)
        {
            return new FieldError("start", "会议时间已过，请填写将来的时间。");
        }

        if (draft.Start > now.AddYears(1))
        {
            return new FieldError("start", "只能安排一年以内的会议。");
        }

        if (draft.End is { } end && end <= draft.Start)
        {
            return new FieldError("end", "结束时间要晚于开始时间。");
        }

        if (draft.End is { } last && last - draft.Start > MaxDuration)
        {
            return new FieldError("end", $"结束时间距开始不能超过 {MaxDuration.TotalDays:0} 天。");
        }

        if (string.IsNullOrWhiteSpace(draft.Place) || draft.Place.Length > MaxPlaceLength)
        {
            return new FieldError("place", "请填写会议地点（50 字以内）。");
        }

        if (draft.Title is { Length: > MaxTitleLength })
        {
            return new FieldError("title", "会议标题请控制在 50 字以内。");
        }

        if (draft.Fence is { } fence && (fence.RadiusMeters is < 10 or > 5000 || Math.Abs(fence.Latitude) > 90 || Math.Abs(fence.Longitude) > 180))
        {
            return new FieldError("fence", "签到范围半径应在 10 到 5000 米之间，经纬度要有效。");
        }

        return null;
    }

    private static string Title(MeetingDraft draft) =>
        !string.IsNullOrWhiteSpace(draft.Title) ? draft.Title.Trim()
        : draft.AlsoCounts is { Count: > 0 } also ? string.Join("暨", new[] { draft.Type }.Concat(also).Select(MeetingTypes.NameOf))
        : MeetingTypes.NameOf(draft.Type);
}
