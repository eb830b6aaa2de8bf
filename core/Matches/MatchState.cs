using BranchBot.Core.Conversations;

namespace BranchBot.Core.Matches;

/// <summary>
/// The member's 对战/四人赛 flow in their session: which kind they asked for, and the match once they play one.
/// Read and written only here; the store holds the truth (queue, match), this only routes their answers.
/// </summary>
internal sealed record MatchState(MatchKind Kind, string? MatchId)
{
    private const string Step = "play";

    public static MatchState? Of(Session session)
    {
        if (session.Flow != MatchFeature.FlowName || !Enum.TryParse<MatchKind>(session.Get("k"), out var kind) || !Enum.IsDefined(kind))
        {
            return null;
        }

        return new MatchState(kind, session.Get("m"));
    }

    /// <summary>The session in this flow with this state (any other flow's data dropped).</summary>
    public Session Into(Session session)
    {
        var next = session.Begin(MatchFeature.FlowName, Step).With("k", Kind.ToString());
        return MatchId is null ? next : next.With("m", MatchId);
    }
}
