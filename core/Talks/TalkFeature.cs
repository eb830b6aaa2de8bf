using BranchBot.Core.Conversations;
using BranchBot.Core.Members;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Talks;

/// <summary><c>谈心谈话 甲 乙 [备注]</c>: a secretary records a talk held today between two members of the branch.</summary>
public sealed class TalkFeature(IMemberStore members, TalkService talks) : IConversationFeature
{
    public string Name => "talk";

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("谈心谈话", "登记谈心谈话：谈心谈话 姓名 姓名 备注", Access: CommandAccess.Secretary),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken) =>
        new(Reply.Text(await RecordAsync(turn.Member!, command.Arguments.Trim(), cancellationToken)), turn.Session);

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);

    private async Task<string> RecordAsync(MemberProfile secretary, string arguments, CancellationToken cancellationToken)
    {
        var parts = arguments.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return "请发送「谈心谈话 姓名 姓名 备注」，例如：谈心谈话 王书记 赵一 交流学习体会。";
        }

        var pair = new List<Member>();
        foreach (var name in parts[..2])
        {
            var found = (await members.FindByNameAsync(name, cancellationToken)).Where(m => m.BranchId == secretary.BranchId).ToList();
            if (found.Count != 1)
            {
                return found.Count == 0 ? $"本支部没有找到「{name}」。" : $"本支部有 {found.Count} 位「{name}」，请在管理后台登记。";
            }

            pair.Add(found[0]);
        }

        var result = await talks.RecordAsync(secretary.BranchId, pair[0].Id, pair[1].Id, null, parts.Length > 2 ? parts[2] : null, secretary.Name, cancellationToken);
        if (result.Invalid is { } invalid)
        {
            return invalid.Message;
        }

        return result.Added
            ? $"✅ 已登记谈心谈话：{pair[0].Name} 与 {pair[1].Name}（今天）。"
            : $"今天 {pair[0].Name} 与 {pair[1].Name} 的谈心谈话已登记过。";
    }
}
