namespace BranchBot.Core.Competitions;

/// <summary>The host's commands: 开始, 下一题, 暂停, 继续, 结束.</summary>
public enum HostAction
{
    Start,
    Next,
    Pause,
    Resume,
    End,
}

/// <summary>Whether the command moved the room, and what to tell the host either way.</summary>
public sealed record HostOutcome(bool Done, string Text);

/// <summary>
/// Runs a host's command on a room, for the chat and the console alike. Every change is a compare-and-set on the
/// room's state, so two hosts (or two clicks) cannot move it twice.
/// </summary>
public sealed class RoomControl(ICompetitionStore store, CompetitionEngine engine, TimeProvider time)
{
    public async Task<HostOutcome> RunAsync(Room room, HostAction action, CancellationToken cancellationToken)
    {
        if (await store.GetStateAsync(room.Id, cancellationToken) is not { } state)
        {
            return new HostOutcome(false, "您还没有创建竞赛。发送「创建竞赛」开始。");
        }

        var now = time.GetUtcNow();
        var seen = state with { HostSeenAt = now };
        switch (action)
        {
            case HostAction.Start:
                var joined = await store.CountParticipantsAsync(room.Id, cancellationToken);
                if (joined == 0)
                {
                    return new HostOutcome(false, "还没有人加入，请先把房间号发到群里。");
                }

                return await engine.StartAsync(room, cancellationToken)
                    ? new HostOutcome(true, $"竞赛开始！{joined} 人参赛，第 1 题马上推送。")
                    : new HostOutcome(false, "竞赛已经开始了。");
            case HostAction.Next when state.Phase == RoomPhase.Review:
                return await engine.AdvanceAsync(room, seen, cancellationToken) ? new HostOutcome(true, "已推送下一题。") : Busy;
            case HostAction.Next:
                return new HostOutcome(false, state.Phase == RoomPhase.Open ? "本题还在作答中，结束后再出下一题。" : "现在不能出下一题。");
            case HostAction.Pause when state.Phase is RoomPhase.Review or RoomPhase.Lobby:
                return await store.SaveStateAsync(room.Id, seen with { Phase = RoomPhase.Paused, PausedFrom = state.Phase, NextAt = null, Version = state.Version + 1 }, state.Version, cancellationToken)
                    ? new HostOutcome(true, "竞赛已暂停，发送「继续」恢复。") : Busy;
            case HostAction.Pause:
                return new HostOutcome(false, state.Phase == RoomPhase.Open ? "本题作答中，结束后再暂停。" : "现在不能暂停。");
            case HostAction.Resume when state.Phase == RoomPhase.Paused:
                var resumed = seen with { Phase = state.PausedFrom ?? RoomPhase.Review, PausedFrom = null, NextAt = room.AutoAdvance && state.PausedFrom != RoomPhase.Lobby ? now : null, Version = state.Version + 1 };
                return await store.SaveStateAsync(room.Id, resumed, state.Version, cancellationToken) ? new HostOutcome(true, "竞赛继续！") : Busy;
            case HostAction.Resume:
                return new HostOutcome(false, "竞赛没有暂停。");
            default:
                if (state.Phase == RoomPhase.Finished)
                {
                    return new HostOutcome(false, "竞赛已经结束了。");
                }

                return await engine.FinishAsync(room, seen, cancellationToken) ? new HostOutcome(true, "竞赛已结束，结果已推送给所有参赛者。") : Busy;
        }
    }

    private static HostOutcome Busy { get; } = new(false, "请稍候再试。");
}
