using System.Globalization;
using BranchBot.Core.Conversations;
using BranchBot.Core.Members;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.MemberPoints;

/// <summary>
/// <c>志愿服务 姓名 分值 事由</c>: a secretary records 志愿服务 points for a member of their branch below their own role
/// (<see cref="RoleRule"/>); the same service recorded twice the same day is one entry.
/// </summary>
public sealed class VolunteerFeature(IMemberStore members, MemberPointsRecorder recorder) : IConversationFeature
{
    public string Name => "volunteer";

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("志愿服务", "登记党员志愿服务积分：志愿服务 姓名 分值 事由", Access: CommandAccess.Secretary),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken) =>
        new(Reply.Text(await RecordAsync(turn.Member!, command.Arguments.Trim(), turn.Now, cancellationToken)), turn.Session);

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);

    private async Task<string> RecordAsync(MemberProfile secretary, string arguments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parts = arguments.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var points))
        {
            return "请发送「志愿服务 姓名 分值 事由」，例如：志愿服务 赵一 2 参加社区义务植树。";
        }

        var actor = Actor.Of(secretary);
        var found = (await members.FindByNameAsync(parts[0], cancellationToken)).Where(m => m.IsActive && (actor.BranchId is null || m.BranchId == actor.BranchId)).ToList();
        if (found.Count == 0)
        {
            return $"本支部没有找到「{parts[0]}」。";
        }

        if (found.Count > 1)
        {
            return $"本支部有 {found.Count} 位「{parts[0]}」，请在管理后台的党员积分页面登记。";
        }

        var member = found[0];
        if (RoleRule.Check(actor, member) is var refusal and not RoleRefusal.None)
        {
            return refusal == RoleRefusal.OutOfScope
                ? RoleRule.Explain(refusal, member.Name, member.Role)
                : $"{member.Name} 的职务（{RoleRule.RoleName(member.Role)}）不低于您，您无权为其登记积分，请联系上级党组织或管理员办理。";
        }

        var result = await recorder.RecordVolunteerAsync(member.Id, member.BranchId, points, parts[2], secretary.Name, now, cancellationToken);
        if (result.Invalid is { } invalid)
        {
            return invalid.Message;
        }

        return result.Added
            ? $"✅ 已为 {member.Name} 登记志愿服务 {points} 分：{parts[2].Trim()}。"
            : $"今天已为 {member.Name} 登记过这项志愿服务，未重复登记。";
    }
}
