using System.Text;
using BranchBot.Core.Conversations;
using BranchBot.Core.Members;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Meetings;

/// <summary>
/// 补学 in chat: a member sends <c>补学</c> to see what they owe and <c>补学 学习内容</c> to report the oldest owed one
/// done; a secretary sends <c>确认补学 姓名</c> to confirm a member's reported 补学. Each step happens once.
/// </summary>
public sealed class MakeUpFeature(IMakeUpStore makeUps, IMeetingStore meetings, IMemberStore members, MakeUpService service, TimeProvider time) : IConversationFeature
{
    private const int MaxNote = 200;

    public string Name => "makeup";

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("补学", "查看或报告补学：补学 学习内容"),
        new("确认补学", "确认党员已完成补学：确认补学 姓名", Access: CommandAccess.Secretary),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var member = turn.Member!;
        var text = command.Spec.Keyword == "补学"
            ? await ReportAsync(member, command.Arguments.Trim(), cancellationToken)
            : await ConfirmAsync(member, command.Arguments.Trim(), cancellationToken);
        return new TurnResult(Reply.Text(text), turn.Session);
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);

    private async Task<string> ReportAsync(MemberProfile member, string note, CancellationToken cancellationToken)
    {
        var tasks = await makeUps.ListForMemberAsync(member.MemberId, cancellationToken);
        var owed = tasks.Where(t => t.State == MakeUpState.Owed).ToList();
        if (note.Length == 0)
        {
            if (owed.Count == 0)
            {
                return tasks.Count == 0 ? "您目前没有需要补学的会议。" : "您的补学均已报告，感谢您的配合。";
            }

            var list = new StringBuilder("📖 您需要补学的会议：\n");
            foreach (var task in owed)
            {
                list.Append(await TitleAsync(task, cancellationToken)).Append(MakeUpService.Overdue(task, time.GetUtcNow())
                    ? $"，已逾期（期限{ChinaTime.Format(task.Deadline)}），请尽快完成\n"
                    : $"，请于{ChinaTime.Format(task.Deadline)}前完成\n");
            }

            return list.Append("完成后请回复「补学 学习内容」，例如：补学 学习了会议传达的文件精神。").ToString();
        }

        if (note.Length > MaxNote)
        {
            return $"学习内容请控制在 {MaxNote} 字以内。";
        }

        if (owed.FirstOrDefault() is not { } oldest)
        {
            return tasks.Count == 0 ? "您目前没有需要补学的会议。" : "您的补学均已报告，感谢您的配合。";
        }

        var change = await makeUps.AdvanceAsync(oldest with { State = MakeUpState.Done, Note = note, DoneAt = time.GetUtcNow() }, MakeUpState.Owed, cancellationToken);
        return change.Applied
            ? $"✅ 已报告补学：{await TitleAsync(oldest, cancellationToken)}。\n待支部书记确认。"
            : "这次补学已经报告过了，待支部书记确认。";
    }

    private async Task<string> ConfirmAsync(MemberProfile secretary, string name, CancellationToken cancellationToken)
    {
        if (name.Length == 0)
        {
            return "请发送「确认补学 姓名」。";
        }

        var named = (await members.FindByNameAsync(name, cancellationToken)).Where(m => m.BranchId == secretary.BranchId).ToList();
        var candidates = named.Where(m => RoleRule.Check(Actor.Of(secretary), m) == RoleRefusal.None).ToList();
        if (named.Count > 0 && candidates.Count == 0)
        {
            return $"{named[0].Name} 的职务（{RoleRule.RoleName(named[0].Role)}）不低于您，您无权确认其补学，请联系上级党组织或管理员办理。";
        }

        foreach (var candidate in candidates)
        {
            foreach (var task in await makeUps.ListForMemberAsync(candidate.Id, cancellationToken))
            {
                if (task.State != MakeUpState.Done || await meetings.GetMeetingAsync(task.MeetingId, cancellationToken) is not { } meeting || meeting.BranchId != secretary.BranchId)
                {
                    continue;
                }

                var change = await service.ConfirmAsync(meeting, task, cancellationToken);
                if (change.Changed)
                {
                    return $"已确认 {candidate.Name} 完成补学：{meeting.Title}（{ChinaTime.Format(meeting.Start)}）。\n学习内容：{task.Note}";
                }
            }
        }

        return $"本支部没有找到「{name}」已报告、待确认的补学。";
    }

    private async Task<string> TitleAsync(MakeUpTask task, CancellationToken cancellationToken) =>
        await meetings.GetMeetingAsync(task.MeetingId, cancellationToken) is { } meeting
            ? $"{meeting.Title}（{ChinaTime.Format(meeting.Start)}）"
            : "会议";
}
