using System.Security.Cryptography;
using System.Text;
using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Reminders;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Members;

/// <summary>How a lifecycle action ended.</summary>
public enum LifecycleStatus
{
    Done,
    /// <summary>Nothing to change (the same action again): the follow-up steps ran again, nothing new was recorded.</summary>
    Unchanged,
    /// <summary>The caller may not do this (role, branch, or an admin-only action).</summary>
    Refused,
    /// <summary>A field is wrong; <see cref="LifecycleResult.Error"/> says which.</summary>
    Invalid,
}

public sealed record LifecycleResult(LifecycleStatus Status, Member? Member, FieldError? Error = null, string? Refusal = null)
{
    public static LifecycleResult Bad(string field, string message) => new(LifecycleStatus.Invalid, null, new FieldError(field, message));

    public static LifecycleResult No(string why) => new(LifecycleStatus.Refused, null, Refusal: why);
}

/// <summary>
/// Members leaving the roll (转出, 停止党籍, 出党, 去世), moving between branches and 党小组, and having their personal
/// information deleted on request. Leaving ends everything going forward — the binding, queued reminders, a place in
/// the 应到 of meetings not yet started — and nothing backward: past meetings, reports, study and points stay.
/// The role rule (members below the caller, in their branch) is applied by the caller's scope before these run;
/// moving across branches and deletion are the organisation admin's.
/// </summary>
public sealed class MemberLifecycle(
    IMemberStore members, IMemberLifecycleStore store, IMeetingStore meetings, IReminderQueue queue, ISharedState shared, MeetingsOptions meetingOptions, TimeProvider time)
{
    private const int MaxNote = 100;

    /// <summary>How far ahead meetings are looked for when taking a member out of their 应到.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(3 * 366);

    public async Task<LifecycleResult> LeaveAsync(Actor actor, string by, Member member, MemberStanding standing, DateOnly? on, string? note, CancellationToken cancellationToken)
    {
        note = note?.Trim();
        if (standing == MemberStanding.Active)
        {
            return LifecycleResult.Bad("standing", "请选择离开的方式：" + MemberStandings.DepartureCodes);
        }

        if (standing == MemberStanding.TransferredOut && string.IsNullOrEmpty(note))
        {
            return LifecycleResult.Bad("note", "转出请填写转往的党组织");
        }

        if (standing is MemberStanding.Suspended or MemberStanding.Removed && string.IsNullOrEmpty(note))
        {
            return LifecycleResult.Bad("note", standing == MemberStanding.Removed ? "出党请注明方式（开除党籍、除名或退党）和依据" : "停止党籍请注明原因");
        }

        if (note is { Length: > MaxNote })
        {
            return LifecycleResult.Bad("note", $"说明不能超过 {MaxNote} 个字");
        }

        var today = DateOnly.FromDateTime(ChinaTime.Local(time.GetUtcNow()).DateTime);
        var date = on ?? today;
        if (date > today)
        {
            return LifecycleResult.Bad("on", "日期不能晚于今天");
        }

        if (!member.IsActive && member.Standing != standing)
        {
            return LifecycleResult.Bad("standing", $"{member.Name} 已于 {member.StandingSince:yyyy-MM-dd} {MemberStandings.NameOf(member.Standing)}");
        }

        var entry = new MemberHistoryEntry(time.GetUtcNow(), date, MemberChangeKind.Left, by, member.BranchId, null, member.GroupId, null, standing, note);
        var change = await store.LeaveAsync(member.Id, standing, date, note, entry, cancellationToken);
        if (change.Member is null)
        {
            return LifecycleResult.No("找不到这位党员");
        }

        // Run again on a repeat too, so a crash between the steps is mended by sending the action again.
        await EndFutureAsync(member.Id, null, cancellationToken);
        return new LifecycleResult(change.Applied ? LifecycleStatus.Done : LifecycleStatus.Unchanged, change.Member);
    }

    public async Task<LifecycleResult> MoveAsync(Actor actor, string by, Member member, string? branchId, string? groupId, DateOnly? on, string? note, CancellationToken cancellationToken)
    {
        if (!member.IsActive)
        {
            return LifecycleResult.Bad("id", $"{member.Name} 已不在册，不能调动");
        }

        var target = string.IsNullOrWhiteSpace(branchId) ? member.BranchId : branchId.Trim();
        groupId = string.IsNullOrWhiteSpace(groupId) ? null : groupId.Trim();
        if (target != member.BranchId && actor.BranchId is not null)
        {
            // A secretary manages their own branch; moving someone to another is the organisation's decision.
            return LifecycleResult.No("调动到其他支部需由管理员办理");
        }

        var units = (await members.ListUnitsAsync(cancellationToken)).ToDictionary(u => u.Id, StringComparer.Ordinal);
        if (!units.TryGetValue(target, out var branch) || branch.Kind != OrgUnitKind.Branch)
        {
            return LifecycleResult.Bad("branchId", "找不到这个党支部");
        }

        if (groupId is not null && (!units.TryGetValue(groupId, out var group) || group.Kind != OrgUnitKind.Group || group.ParentId != target))
        {
            return LifecycleResult.Bad("groupId", "这个党小组不属于所选的党支部");
        }

        if (note?.Trim() is { Length: > MaxNote })
        {
            return LifecycleResult.Bad("note", $"说明不能超过 {MaxNote} 个字");
        }

        var today = DateOnly.FromDateTime(ChinaTime.Local(time.GetUtcNow()).DateTime);
        var date = on ?? today;
        if (date > today)
        {
            return LifecycleResult.Bad("on", "日期不能晚于今天");
        }

        if (target == member.BranchId && groupId == member.GroupId)
        {
            return new LifecycleResult(LifecycleStatus.Unchanged, member);
        }

        var entry = new MemberHistoryEntry(time.GetUtcNow(), date, MemberChangeKind.Moved, by, member.BranchId, target, member.GroupId, groupId, null, note?.Trim());
        var change = await store.MoveAsync(member.Id, target, groupId, entry, cancellationToken);
        if (change.Member is null)
        {
            return LifecycleResult.No("找不到这位党员");
        }

        if (target != member.BranchId)
        {
            // The old branch's meetings not yet held no longer expect them; past ones keep them where they attended.
            await EndFutureAsync(member.Id, member.BranchId, cancellationToken);
        }

        return new LifecycleResult(change.Applied ? LifecycleStatus.Done : LifecycleStatus.Unchanged, change.Member);
    }

    /// <summary>
    /// Deletes the member's personal information on request (个人信息保护法 第四十七条): admin only, with a reason. The
    /// name is erased too (with the phone and branch it identifies the person, and no figure needs it); the entries
    /// stay under a new random id. Returns the anonymous member.
    /// </summary>
    public async Task<LifecycleResult> EraseAsync(Actor actor, string by, Member member, string? reason, IReadOnlyList<string> knownOpenIds, CancellationToken cancellationToken)
    {
        if (actor.Role != MemberRole.Admin || actor.BranchId is not null)
        {
            return LifecycleResult.No("删除个人信息只能由管理员办理");
        }

        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return LifecycleResult.Bad("reason", "请填写删除的依据（如本人申请的日期和方式）");
        }

        if (reason.Length > MaxNote)
        {
            return LifecycleResult.Bad("reason", $"依据不能超过 {MaxNote} 个字");
        }

        if (member.Phone.Length == 0)
        {
            return new LifecycleResult(LifecycleStatus.Unchanged, member);
        }

        // Requests racing for one member (a double click, a retry, two instances) share one anonymous id, so the rewrite
        // never splits the member's entries between two. The slot is named by a hash, not the id, and goes when done.
        var slot = "erasing:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(member.Id)))[..24];
        var drawn = "m" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var anonymousId = await shared.AddOrGetAsync(slot, drawn, TimeSpan.FromHours(1), cancellationToken) ?? drawn;
        var openIds = knownOpenIds.Append(member.OpenId).OfType<string>().Where(o => o.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var entry = new MemberHistoryEntry(time.GetUtcNow(), DateOnly.FromDateTime(ChinaTime.Local(time.GetUtcNow()).DateTime), MemberChangeKind.Erased, by, Note: reason);

        // Off the roll first, so nothing new (reminders, 应到) is planned for the member while the store is rewritten.
        if (member.IsActive)
        {
            var left = await store.LeaveAsync(member.Id, MemberStanding.TransferredOut, entry.On, "本人申请删除个人信息", entry with { Kind = MemberChangeKind.Left, Standing = MemberStanding.TransferredOut, Note = null }, cancellationToken);
            openIds.AddRange(left.UnboundOpenId is { } o ? [o] : []);
        }

        await EndFutureAsync(member.Id, null, cancellationToken);
        var outcome = await store.EraseAsync(new Erasure(member.Id, anonymousId, member.Phone, openIds.Distinct(StringComparer.Ordinal).ToList(), AnonymousName, entry), cancellationToken);
        await shared.DeleteIfEqualsAsync(slot, anonymousId, cancellationToken);
        if (!outcome.Found)
        {
            return LifecycleResult.No("找不到这位党员");
        }

        return new LifecycleResult(LifecycleStatus.Done, await members.GetMemberAsync(anonymousId, cancellationToken));
    }

    /// <summary>The name an erased member is shown by.</summary>
    public const string AnonymousName = "已删除信息的党员";

    /// <summary>Withdraws queued notices and takes the member out of meetings not yet started (of one branch, or all).</summary>
    private async Task EndFutureAsync(string memberId, string? onlyBranchId, CancellationToken cancellationToken)
    {
        // On a move too: notices about the old branch's meetings would be stale; the new branch plans its own.
        var now = time.GetUtcNow();
        await queue.WithdrawMemberAsync(memberId, cancellationToken);

        foreach (var meeting in await meetings.ListForMemberAsync(memberId, now, now + Horizon, cancellationToken))
        {
            if (meeting.Start <= now || (onlyBranchId is not null && meeting.BranchId != onlyBranchId))
            {
                continue;
            }

            var attendees = (await meetings.GetAttendanceAsync(meeting.Id, cancellationToken)).Select(a => a.MemberId).ToList();
            var hosted = meeting.HostMemberId == memberId;
            if (attendees.Remove(memberId) || hosted)
            {
                // Same version: the other attendees' reminders stay valid. A host who left hosts no more; the secretary names another.
                await meetings.SaveAsync(hosted ? meeting with { HostMemberId = null } : meeting, attendees, meeting.Start + meetingOptions.CheckInClosesAfter, cancellationToken);
            }
        }
    }
}
