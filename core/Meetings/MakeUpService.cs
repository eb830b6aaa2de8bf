using BranchBot.Core.MemberPoints;

namespace BranchBot.Core.Meetings;

/// <summary>What a 补学 step did and what to tell the secretary; <see cref="Task"/> is the task as it stands.</summary>
public sealed record MakeUpOutcome(bool Changed, string Text, MakeUpTask? Task);

/// <summary>
/// The secretary's side of 补学, shared by chat and the admin API: confirm a reported 补学 (which earns its 党员积分
/// entry once) and record one done on a member's behalf. Each step is a compare-and-set on the task's state.
/// </summary>
public sealed class MakeUpService(IMakeUpStore makeUps, MemberPointsRecorder points, TimeProvider time)
{
    public const int MaxNote = 200;

    public async Task<MakeUpOutcome> ConfirmAsync(Meeting meeting, MakeUpTask task, CancellationToken cancellationToken)
    {
        var change = await makeUps.AdvanceAsync(task with { State = MakeUpState.Confirmed, ConfirmedAt = time.GetUtcNow() }, MakeUpState.Done, cancellationToken);
        if (change.Current is { State: MakeUpState.Confirmed } confirmed)
        {
            // Also when already confirmed: a retry after a crash between the two writes still gets its entry, and only one.
            await points.RecordMakeUpAsync(meeting, confirmed, cancellationToken);
        }

        return change switch
        {
            { Applied: true } => new(true, "已确认补学。", change.Current),
            { Current: null } => new(false, "这位党员没有这次会议的补学。", null),
            { Current.State: MakeUpState.Confirmed } => new(false, "这次补学已经确认过了。", change.Current),
            _ => new(false, "这位党员还没有报告完成补学，可由书记代为登记。", change.Current),
        };
    }

    /// <summary>The secretary records a member's 补学 as done (e.g. studied on paper), with a note of what was studied.</summary>
    public async Task<MakeUpOutcome> RecordDoneAsync(MakeUpTask task, string? note, CancellationToken cancellationToken)
    {
        var text = note?.Trim() ?? string.Empty;
        if (text.Length == 0 || text.Length > MaxNote)
        {
            return new(false, $"请写明学习内容（{MaxNote} 字以内）。", task);
        }

        var change = await makeUps.AdvanceAsync(task with { State = MakeUpState.Done, Note = text, DoneAt = time.GetUtcNow() }, MakeUpState.Owed, cancellationToken);
        return change switch
        {
            { Applied: true } => new(true, "已代为登记补学，待确认。", change.Current),
            { Current: null } => new(false, "这位党员没有这次会议的补学。", null),
            _ => new(false, "这次补学已经报告过了。", change.Current),
        };
    }

    /// <summary>Owed, past its deadline: 逾期.</summary>
    public static bool Overdue(MakeUpTask task, DateTimeOffset now) => task.State == MakeUpState.Owed && task.Deadline < now;

    /// <summary>待补学, 逾期, 已报告 (待确认) or 已确认.</summary>
    public static string StateName(MakeUpTask task, DateTimeOffset now) => task.State switch
    {
        MakeUpState.Owed => Overdue(task, now) ? "逾期" : "待补学",
        MakeUpState.Done => "已报告，待确认",
        _ => "已确认",
    };
}
