using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;

namespace BranchBot.Core.Members;

/// <summary>Follow and unfollow: an unfollowed member keeps their history but gets no pushes until they follow again.</summary>
public sealed class SubscriptionObserver(IMemberStore members) : IEventObserver
{
    public async ValueTask<TurnResult?> OnEventAsync(Turn turn, CancellationToken cancellationToken)
    {
        switch (turn.Message)
        {
            case UnsubscribeEvent when turn.Member is not null:
                await members.SetSubscribedAsync(turn.OpenId, false, cancellationToken);
                return new TurnResult(Reply.None, turn.Session.End());
            case SubscribeEvent { Scene: null } when turn.Member is { } member:
                await members.SetSubscribedAsync(turn.OpenId, true, cancellationToken);
                return new TurnResult(Reply.Text($"欢迎回来，{member.Name}！您的学习记录都还在。发送「帮助」查看全部功能。"), turn.Session);
            case SubscribeEvent when turn.Member is not null:
                await members.SetSubscribedAsync(turn.OpenId, true, cancellationToken);
                return null;
            default:
                return null;
        }
    }
}
