using BranchBot.Core.Audit;
using BranchBot.Core.Common;
using BranchBot.Core.Members;

namespace BranchBot.Core.Meetings;

/// <summary>A change to a record's fields; a null field stays as it is.</summary>
public sealed record RecordEdit(
    IReadOnlyList<string>? Agenda = null,
    string? HostMemberId = null,
    string? RecorderMemberId = null,
    string? Minutes = null,
    IReadOnlyList<string>? Resolutions = null);

/// <summary>
/// The saved record; or why nothing was saved: a field that is wrong (<see cref="Invalid"/>), a state that refuses the
/// change (<see cref="Refused"/>, e.g. locked), or someone else saved first (<see cref="Conflict"/>: the record as it now is).
/// </summary>
public sealed record RecordResult(MeetingRecord? Record, FieldError? Invalid = null, string? Refused = null, MeetingRecord? Conflict = null)
{
    public static RecordResult Fail(FieldError invalid) => new(null, Invalid: invalid);

    public static RecordResult Fail(string refused) => new(null, Refused: refused);

    public static RecordResult Stale(MeetingRecord current) => new(null, Conflict: current);
}

/// <summary>What a chat line did: appended, a repeat of one already appended, or refused with a reason.</summary>
public sealed record RecordLineResult(bool Appended, string? Refused = null, MeetingRecord? Record = null);

/// <summary>
/// Keeps meeting records: edits (compare-and-set on the version), sign-off (签字确认, which locks the record) and
/// reopening with a reason. Sign-off, reopening and every change after the first sign-off go to the audit log with
/// who, when and which fields changed.
/// </summary>
public sealed class MeetingRecordService(IMeetingRecords records, IMemberStore members, IAuditLog audit, TimeProvider time)
{
    public const string LockedReason = "会议记录已签字确认并锁定，不能修改；如需修改，请书记先「重新打开」并写明理由。";

    public async Task<MeetingRecord> GetAsync(Meeting meeting, CancellationToken cancellationToken) =>
        await records.GetRecordAsync(meeting.Id, cancellationToken) ?? MeetingRecord.Empty(meeting);

    /// <summary>Checks an edit without saving (the create form validates 议题 before the meeting is saved).</summary>
    public async Task<FieldError?> ValidateAsync(Meeting meeting, RecordEdit edit, CancellationToken cancellationToken) =>
        Check(edit) ?? await CheckMembersAsync(meeting.BranchId, edit, cancellationToken);

    public async Task<RecordResult> EditAsync(Meeting meeting, RecordEdit edit, long expectedVersion, string who, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(meeting, edit, cancellationToken) is { } invalid)
        {
            return RecordResult.Fail(invalid);
        }

        var current = await GetAsync(meeting, cancellationToken);
        if (current.Version != expectedVersion)
        {
            return RecordResult.Stale(current);
        }

        if (current.Locked)
        {
            return RecordResult.Fail(LockedReason);
        }

        var next = Apply(current, edit);
        var changed = ChangedFields(current, next);
        if (changed.Count == 0)
        {
            return new RecordResult(current);
        }

        var save = await records.SaveRecordAsync(next, expectedVersion, cancellationToken);
        if (!save.Saved)
        {
            return RecordResult.Stale(save.Current ?? current);
        }

        if (current.EverSignedOff)
        {
            await AuditAsync(meeting, who, "修改会议记录", "修改：" + string.Join("、", changed));
        }

        return new RecordResult(save.Current);
    }

    /// <summary>签字确认: only after the meeting has started; locks the record.</summary>
    public async Task<RecordResult> SignOffAsync(Meeting meeting, long expectedVersion, string who, CancellationToken cancellationToken)
    {
        var current = await GetAsync(meeting, cancellationToken);
        if (current.Version != expectedVersion)
        {
            return RecordResult.Stale(current);
        }

        if (current.Locked)
        {
            return RecordResult.Fail("会议记录已签字确认。");
        }

        if (meeting.Start > time.GetUtcNow())
        {
            return RecordResult.Fail("会议尚未召开，会后再签字确认。");
        }

        var save = await records.SaveRecordAsync(current with { SignedOff = new RecordSignOff(who, time.GetUtcNow()), EverSignedOff = true }, expectedVersion, cancellationToken);
        if (!save.Saved)
        {
            return RecordResult.Stale(save.Current ?? current);
        }

        await AuditAsync(meeting, who, "签字确认会议记录", current.EverSignedOff ? "重新签字确认" : "签字确认");
        return new RecordResult(save.Current);
    }

    /// <summary>Reopens a signed-off record for changes; the reason goes to the audit log.</summary>
    public async Task<RecordResult> ReopenAsync(Meeting meeting, long expectedVersion, string? reason, string who, CancellationToken cancellationToken)
    {
        var why = reason?.Trim() ?? string.Empty;
        if (why.Length == 0)
        {
            return RecordResult.Fail(new FieldError("reason", "请写明重新打开的理由"));
        }

        if (why.Length > RecordLimits.MaxReasonLength)
        {
            return RecordResult.Fail(new FieldError("reason", $"理由最多 {RecordLimits.MaxReasonLength} 字"));
        }

        var current = await GetAsync(meeting, cancellationToken);
        if (current.Version != expectedVersion)
        {
            return RecordResult.Stale(current);
        }

        if (!current.Locked)
        {
            return RecordResult.Fail("会议记录尚未签字确认，可以直接修改。");
        }

        var save = await records.SaveRecordAsync(current with { SignedOff = null }, expectedVersion, cancellationToken);
        if (!save.Saved)
        {
            return RecordResult.Stale(save.Current ?? current);
        }

        await AuditAsync(meeting, who, "重新打开会议记录", "理由：" + why);
        return new RecordResult(save.Current);
    }

    /// <summary>
    /// Appends a line from chat (记录 → minutes, 议题 → agenda), retrying when another save came first. A line whose
    /// <paramref name="lineId"/> (WeChat's MsgId) was appended before is not appended again.
    /// </summary>
    public async Task<RecordLineResult> AppendLineAsync(Meeting meeting, bool agenda, string text, string lineId, string who, CancellationToken cancellationToken)
    {
        var line = text.Trim();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await GetAsync(meeting, cancellationToken);
            if (current.ChatLineIds?.Contains(lineId) == true)
            {
                return new RecordLineResult(false, Record: current);
            }

            if (current.Locked)
            {
                return new RecordLineResult(false, LockedReason);
            }

            var edit = agenda
                ? new RecordEdit(Agenda: [.. current.Agenda, line])
                : new RecordEdit(Minutes: current.Minutes.Length == 0 ? line : current.Minutes + "\n" + line);
            if (Check(edit) is { } invalid)
            {
                return new RecordLineResult(false, invalid.Message);
            }

            var next = Apply(current, edit) with { ChatLineIds = [.. (current.ChatLineIds ?? []).TakeLast(RecordLimits.ChatLineMemory - 1), lineId] };
            var save = await records.SaveRecordAsync(next, current.Version, cancellationToken);
            if (save.Saved)
            {
                if (current.EverSignedOff)
                {
                    await AuditAsync(meeting, who, "修改会议记录", agenda ? "修改：议题（聊天）" : "修改：会议记录（聊天）");
                }

                return new RecordLineResult(true, Record: save.Current);
            }
        }

        return new RecordLineResult(false, "会议记录正被他人修改，请稍后再发送一次。");
    }

    /// <summary>Whether a list of 议题 keeps the limits (the create form checks it before saving the meeting).</summary>
    public static FieldError? CheckAgenda(IReadOnlyList<string> agenda) => Check(new RecordEdit(Agenda: agenda));

    /// <summary>The limits of each field; null when all hold.</summary>
    private static FieldError? Check(RecordEdit edit)
    {
        if (edit.Agenda is { } agenda)
        {
            if (agenda.Count > RecordLimits.MaxAgendaItems)
            {
                return new FieldError("agenda", $"议题最多 {RecordLimits.MaxAgendaItems} 项");
            }

            if (agenda.Any(a => string.IsNullOrWhiteSpace(a)))
            {
                return new FieldError("agenda", "议题不能为空");
            }

            if (agenda.Any(a => a.Trim().Length > RecordLimits.MaxAgendaItemLength))
            {
                return new FieldError("agenda", $"每项议题最多 {RecordLimits.MaxAgendaItemLength} 字");
            }
        }

        if (edit.Minutes is { Length: > RecordLimits.MaxMinutesLength })
        {
            return new FieldError("minutes", $"会议记录最多 {RecordLimits.MaxMinutesLength} 字");
        }

        if (edit.Resolutions is { } resolutions)
        {
            if (resolutions.Count > RecordLimits.MaxResolutions)
            {
                return new FieldError("resolutions", $"决议最多 {RecordLimits.MaxResolutions} 项");
            }

            if (resolutions.Any(r => string.IsNullOrWhiteSpace(r)))
            {
                return new FieldError("resolutions", "决议不能为空");
            }

            if (resolutions.Any(r => r.Trim().Length > RecordLimits.MaxResolutionLength))
            {
                return new FieldError("resolutions", $"每项决议最多 {RecordLimits.MaxResolutionLength} 字");
            }
        }

        return null;
    }

    /// <summary>主持人 and 记录人 must be members of the meeting's branch ("" clears the field).</summary>
    private async Task<FieldError?> CheckMembersAsync(string branchId, RecordEdit edit, CancellationToken cancellationToken)
    {
        foreach (var (field, id, label) in new[] { ("hostMemberId", edit.HostMemberId, "主持人"), ("recorderMemberId", edit.RecorderMemberId, "记录人") })
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                continue;
            }

            if (await members.GetMemberAsync(id.Trim(), cancellationToken) is not { } member || member.BranchId != branchId)
            {
                return new FieldError(field, $"{label}须是本支部的党员");
            }
        }

        return null;
    }

    private static MeetingRecord Apply(MeetingRecord current, RecordEdit edit) => current with
    {
        Agenda = edit.Agenda is { } agenda ? agenda.Select(a => a.Trim()).ToList() : current.Agenda,
        HostMemberId = edit.HostMemberId is { } host ? Blank(host) : current.HostMemberId,
        RecorderMemberId = edit.RecorderMemberId is { } recorder ? Blank(recorder) : current.RecorderMemberId,
        Minutes = edit.Minutes is { } minutes ? minutes.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() : current.Minutes,
        Resolutions = edit.Resolutions is { } resolutions ? resolutions.Select(r => r.Trim()).ToList() : current.Resolutions,
    };

    private static string? Blank(string id) => string.IsNullOrWhiteSpace(id) ? null : id.Trim();

    /// <summary>The names of the fields that differ, as the secretary knows them (kept short for the audit log).</summary>
    private static List<string> ChangedFields(MeetingRecord before, MeetingRecord after)
    {
        var changed = new List<string>();
        if (!before.Agenda.SequenceEqual(after.Agenda, StringComparer.Ordinal))
        {
            changed.Add("议题");
        }

        if (before.HostMemberId != after.HostMemberId)
        {
            changed.Add("主持人");
        }

        if (before.RecorderMemberId != after.RecorderMemberId)
        {
            changed.Add("记录人");
        }

        if (before.Minutes != after.Minutes)
        {
            changed.Add("会议记录");
        }

        if (!before.Resolutions.SequenceEqual(after.Resolutions, StringComparer.Ordinal))
        {
            changed.Add("决议");
        }

        return changed;
    }

    /// <summary>Not the caller's token: a client that hangs up after the save must not keep the change out of the log.</summary>
    private Task AuditAsync(Meeting meeting, string who, string action, string detail) =>
        audit.AppendAsync(new AuditEntry(time.GetUtcNow(), AuditNames.Clean(who), meeting.BranchId, action, "meeting=" + meeting.Id, 200, AuditNames.Clean(detail)), CancellationToken.None);
}
