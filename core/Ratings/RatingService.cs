using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Ratings;

/// <summary>One place in a field's ranking (亮晒比).</summary>
public sealed record RankedBranch(int Rank, BranchStars Stars);

/// <summary>A branch's star count in one period, for the chart over time.</summary>
public sealed record StarHistoryPoint(string PeriodKey, string PeriodLabel, int Stars, int BasicStars, bool Final);

/// <summary>
/// Stars per branch and period: computed live while a period runs; once it has ended, the snapshot (taken by the
/// worker, or here on the first read after the close, for the periods the chart shows) so rankings over time no
/// longer move.
/// </summary>
public sealed class RatingService(BranchFigureReader figures, IRatingStore store, ISharedState shared, RatingOptions options, TimeProvider time)
{
    /// <param name="field">Only the branches of this field (a ranking); every branch when null.</param>
    public async Task<IReadOnlyList<BranchStars>> AllAsync(RatingPeriod period, CancellationToken cancellationToken, BranchField? field = null)
    {
        var now = time.GetUtcNow();
        var fields = await store.GetFieldsAsync(cancellationToken);
        bool Wanted(string branchId) => field is null || fields.GetValueOrDefault(branchId) == field;
        var stored = period.HasEnded(now)
            ? (await store.GetSnapshotsAsync(period.Key, cancellationToken)).Where(s => Wanted(s.BranchId)).ToDictionary(s => s.BranchId, StringComparer.Ordinal)
            : [];
        // A field set later applies to past periods too: 亮晒比 compares a branch with its field as it is now.
        var result = stored.Values.Select(s => s with { Field = fields.GetValueOrDefault(s.BranchId) }).ToList();
        foreach (var f in await figures.AllAsync(period, cancellationToken, id => stored.ContainsKey(id) || !Wanted(id)))
        {
            result.Add(await JudgeAsync(f, fields, period, now, cancellationToken));
        }

        return result.OrderBy(s => s.BranchName, UnitNameComparer.Instance).ToList();
    }

    public async Task<BranchStars?> BranchAsync(string branchId, RatingPeriod period, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fields = await store.GetFieldsAsync(cancellationToken);
        if (period.HasEnded(now) && (await store.GetSnapshotsAsync(period.Key, cancellationToken)).FirstOrDefault(s => s.BranchId == branchId) is { } snapshot)
        {
            return snapshot with { Field = fields.GetValueOrDefault(branchId) };
        }

        return await figures.BranchAsync(branchId, period, cancellationToken) is { } f
            ? await JudgeAsync(f, fields, period, now, cancellationToken)
            : null;
    }

    /// <summary>Branches of <paramref name="field"/> by stars, then attendance rate, then name.</summary>
    public async Task<IReadOnlyList<RankedBranch>> RankingAsync(BranchField field, RatingPeriod period, CancellationToken cancellationToken) =>
        Rank(await AllAsync(period, cancellationToken, field));

    public static IReadOnlyList<RankedBranch> Rank(IEnumerable<BranchStars> stars) =>
        stars.OrderByDescending(s => s.Count).ThenByDescending(s => s.Figures.AttendanceRate).ThenBy(s => s.BranchName, UnitNameComparer.Instance)
            .Select((s, i) => new RankedBranch(i + 1, s)).ToList();

    /// <summary>The branch's stars in the last <see cref="RatingOptions.HistoryPeriods"/> periods of <paramref name="kind"/>, oldest first, ending with <paramref name="last"/>.</summary>
    public async Task<IReadOnlyList<StarHistoryPoint>> HistoryAsync(string branchId, RatingPeriod last, CancellationToken cancellationToken)
    {
        var periods = new List<RatingPeriod> { last };
        while (periods.Count < options.HistoryPeriods)
        {
            periods.Add(periods[^1].Previous());
        }

        var points = new List<StarHistoryPoint>();
        foreach (var period in Enumerable.Reverse(periods))
        {
            if (await BranchAsync(branchId, period, cancellationToken) is { } stars)
            {
                points.Add(new StarHistoryPoint(period.Key, period.Label, stars.Count, stars.BasicCount, stars.Final));
            }
        }

        return points;
    }

    /// <summary>Snapshots the periods that closed last (month, quarter, year) once; later runs find the marker and stop.</summary>
    public async Task<int> SnapshotClosedAsync(CancellationToken cancellationToken)
    {
        var taken = 0;
        foreach (var kind in Enum.GetValues<CompliancePeriod>())
        {
            var closed = RatingPeriod.Containing(time.GetUtcNow(), kind).Previous();
            var marker = "ratings-snapshot:" + closed.Key;
            if (await shared.GetAsync(marker, cancellationToken) is not null)
            {
                continue;
            }

            taken += (await AllAsync(closed, cancellationToken)).Count;
            await shared.SetAsync(marker, "1", TimeSpan.FromDays(800), cancellationToken);
        }

        return taken;
    }

    private async Task<BranchStars> JudgeAsync(BranchFigures f, IReadOnlyDictionary<string, BranchField> fields, RatingPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var awards = StarAwards.InForce(await store.GetAwardsAsync(f.BranchId, cancellationToken), period.HasEnded(now) ? period.End : DateTimeOffset.MaxValue);
        var stars = new BranchStars(f.BranchId, f.BranchName, fields.GetValueOrDefault(f.BranchId), period.Key, period.Label,
            StarRules.Judge(f, awards, options), f, period.HasEnded(now), now);
        return stars.Final && Keeps(period, now) ? await store.SaveSnapshotAsync(stars, cancellationToken) : stars;
    }

    /// <summary>
    /// Whether a closed period's stars are kept on first read: those the chart over time shows. An older period (a
    /// read of 2003, say) is judged from the data as it is without being stored, so reads cannot fill the store.
    /// </summary>
    private bool Keeps(RatingPeriod period, DateTimeOffset now)
    {
        var earliest = RatingPeriod.Containing(now, period.Kind);
        for (var i = 0; i < options.HistoryPeriods; i++)
        {
            earliest = earliest.Previous();
        }

        return period.Start >= earliest.Start;
    }
}
