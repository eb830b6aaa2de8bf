using System.Globalization;
using BranchBot.Core.Study;

namespace BranchBot.Core.MemberPoints;

/// <summary>A member's 党员积分 for one year: the entries, the study points of the year and what they fold into.</summary>
public sealed record MemberPointsYear(string MemberId, int Year, IReadOnlyList<PointsEntry> Entries, int EntryPoints, int StudyPoints, int StudyFolded)
{
    public int Total => EntryPoints + StudyFolded;
}

/// <summary>One place in a branch's yearly 党员积分 ranking.</summary>
public sealed record PointsRankRow(int Rank, string MemberId, int Total, int EntryPoints, int StudyFolded);

/// <summary>
/// Reads the 党员积分 ledger with study points folded in: the year's study points (the sum of its monthly boards, which
/// the study ledger keeps) divided by <see cref="MemberPointsOptions.StudyPointsPerPoint"/>, rounded down. Computed on
/// reading, so it always agrees with the study ledger and is never stored twice.
/// </summary>
public sealed class MemberPointsLedger(IMemberPointsStore store, IRankingStore rankings, MemberPointsOptions options)
{
    public int Fold(int studyPoints) => options.StudyPointsPerPoint <= 0 ? 0 : Math.Max(0, studyPoints) / options.StudyPointsPerPoint;

    public async Task<MemberPointsYear> YearAsync(string memberId, int year, CancellationToken cancellationToken)
    {
        var entries = store.ListPointsAsync(memberId, year, cancellationToken);
        var months = await Task.WhenAll(Months(year).Select(m => rankings.RankOfAsync(RankingScope.Organisation, m, memberId, cancellationToken)));
        var study = months.Sum(r => r?.Points ?? 0);
        var list = await entries;
        return new MemberPointsYear(memberId, year, list, list.Sum(e => e.Points), study, Fold(study));
    }

    /// <summary>The branch's members with entries or study points that year, by total (study counted where it was earned).</summary>
    public async Task<IReadOnlyList<PointsRankRow>> BranchAsync(string branchId, int year, CancellationToken cancellationToken)
    {
        var standings = store.BranchPointsAsync(branchId, year, cancellationToken);
        var boards = await Task.WhenAll(Months(year).Select(m => rankings.TopAsync(RankingScope.Branch(branchId), m, 100_000, cancellationToken)));
        var study = boards.SelectMany(b => b).GroupBy(e => e.MemberId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(e => e.Points), StringComparer.Ordinal);
        var entries = (await standings).ToDictionary(s => s.MemberId, s => s.Points, StringComparer.Ordinal);
        var rows = entries.Keys.Union(study.Keys, StringComparer.Ordinal)
            .Select(id => (Id: id, Entries: entries.GetValueOrDefault(id), Folded: Fold(study.GetValueOrDefault(id))))
            .OrderByDescending(r => r.Entries + r.Folded).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var ranked = new List<PointsRankRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var total = rows[i].Entries + rows[i].Folded;
            var rank = i > 0 && ranked[i - 1].Total == total ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new PointsRankRow(rank, rows[i].Id, total, rows[i].Entries, rows[i].Folded));
        }

        return ranked;
    }

    private static IEnumerable<string> Months(int year) =>
        Enumerable.Range(1, 12).Select(m => "m:" + year.ToString("0000", CultureInfo.InvariantCulture) + "-" + m.ToString("00", CultureInfo.InvariantCulture));
}
