using BranchBot.Core.Members;
using BranchBot.Core.Study;

namespace BranchBot.Core.Study;

/// <summary>
/// Recomputes every ranking from the points ledgers, the source of truth. Points count for the member's current
/// branch, which is also where new points go.
/// </summary>
public sealed class RankingRebuild(IMemberStore members, IStudyStore study, IRankingStore rankings)
{
    public async Task<RebuildOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var totals = new Dictionary<(RankingScope Scope, string Period), Dictionary<string, int>>();
        var entries = 0;
        foreach (var member in await members.ListAllAsync(cancellationToken))
        {
            foreach (var entry in await study.ReadLedgerAsync(member.Id, cancellationToken))
            {
                if (entry.Points == 0)
                {
                    continue;
                }

                entries++;
                foreach (var period in StudyPeriods.For(entry.At).All)
                {
                    foreach (var scope in new[] { RankingScope.Branch(member.BranchId), RankingScope.Organisation })
                    {
                        if (!totals.TryGetValue((scope, period), out var board))
                        {
                            totals[(scope, period)] = board = new Dictionary<string, int>(StringComparer.Ordinal);
                        }

                        board[member.Id] = board.GetValueOrDefault(member.Id) + entry.Points;
                    }
                }
            }
        }

        await rankings.ReplaceAsync(totals.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value), cancellationToken);
        return new RebuildOutcome(entries, totals.Count);
    }
}

public sealed record RebuildOutcome(int LedgerEntries, int Boards);
