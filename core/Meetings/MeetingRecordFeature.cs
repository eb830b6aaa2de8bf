using BranchBot.Core.Conversations;
using BranchBot.Core.Members;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Meetings;

/// <summary>
/// The record in chat: <c>记录 内容</c> appends a line to the minutes of the current or last meeting, <c>议题 内容</c>
/// adds an agenda item to the current or next one. Only the meeting's 记录人 or a secretary of its branch may; a line
/// is appended once per message (WeChat's MsgId), however often it is delivered.
/// </summary>
public sealed class MeetingRecordFeature(IMeetingStore meetings, MeetingRecordService records, MeetingsOptions options, TimeProvider time) : IConversationFeature
{
    /// <summary>How far back 记录 looks for the last meeting, and how far ahead 议题 looks for the next.</summary>
    private static readonly TimeSpan Reach = TimeSpan.FromDays(30);

    public string Name => "meeting-record";

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("记录", "记录人或书记补充会议记录：记录 内容（写入进行中或最近一次会议）"),
        new("议题", "记录人或书记增加会议议题：议题 内容（写入进行中或下一次会议）"),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var agenda = command.Spec.Keyword == "议题";
        var text = command.Arguments.Trim();
        if (text.Length == 0)
        {
            return Say(turn, agenda ? "请发送「议题 内容」，例如：议题 学习党的二十届四中全会精神。" : "请发送「记录 内容」，例如：记录 王书记传达了上级文件精神。");
        }

        var member = turn.Member!;
        if (await ChooseAsync(member, agenda, cancellationToken) is not { } meeting)
        {
            return Say(turn, member.Role >= MemberRole.Secretary
                ? "近期没有可以写入的会议。"
                : "只有会议的记录人或支部书记、副书记、组织委员可以补充会议记录；近期没有您担任记录人的会议。");
        }

        var lineId = turn.Message.Header.MsgId ?? turn.StableId(agenda ? "agenda" : "minutes");
        var result = await records.AppendLineAsync(meeting, agenda, text, lineId, member.Name, cancellationToken);
        if (result.Refused is { } refused)
        {
            return Say(turn, refused);
        }

        return Say(turn, agenda
            ? $"📝 已为「{meeting.Title}」增加议题（共 {result.Record?.Agenda.Count ?? 0} 项）。"
            : $"📝 已写入「{meeting.Title}」的会议记录。");
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);

    /// <summary>
    /// The meeting whose check-in window is open now; else the last one held (记录) or the next one (议题). A secretary
    /// may write to any meeting of the branch, anyone else only to meetings whose 记录人 they are.
    /// </summary>
    private async Task<Meeting?> ChooseAsync(MemberProfile member, bool agenda, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var list = (await meetings.ListByBranchAsync(member.BranchId, now - Reach, now + Reach, cancellationToken))
            .Where(m => m.Status == MeetingStatus.Scheduled).ToList();
        var allowed = new List<Meeting>();
        foreach (var m in list)
        {
            if (await MayWriteAsync(member, m, cancellationToken))
            {
                allowed.Add(m);
            }
        }

        var open = allowed.Where(m => m.Start - options.CheckInOpensBefore <= now && now <= m.End + options.CheckInClosesAfter).MinBy(m => (m.Start - now).Duration());
        if (open is not null)
        {
            return open;
        }

        return agenda
            ? allowed.Where(m => m.Start > now).MinBy(m => m.Start)
            : allowed.Where(m => m.Start <= now).MaxBy(m => m.Start);
    }

    private async Task<bool> MayWriteAsync(MemberProfile member, Meeting meeting, CancellationToken cancellationToken)
    {
        if (member.Role == MemberRole.Admin || (member.Role == MemberRole.Secretary && member.BranchId == meeting.BranchId))
        {
            return true;
        }

        return (await records.GetAsync(meeting, cancellationToken)).RecorderMemberId == member.MemberId;
    }

    private static TurnResult Say(Turn turn, string text) => new(Reply.Text(text), turn.Session);
}
