using System.Globalization;
using System.Text;
using BranchBot.Core.Members;

namespace BranchBot.Benchmarks;

/// <summary>
/// A generated roster imported the way <c>import-members</c> does it (CSV → parser → plan → store), then bound:
/// member i gets the openid <c>oBench{i}</c> unless <paramref name="bound"/> says otherwise.
/// </summary>
internal sealed record SyntheticRoster(RosterPlanResult Plan, IReadOnlyDictionary<string, string> OpenIds)
{
    public IReadOnlyList<OrgUnit> Branches => Plan.Units.Where(u => u.Kind == OrgUnitKind.Branch).ToList();

    public static string Csv(int members, int branches)
    {
        var csv = new StringBuilder("姓名,手机号,组织,党小组,状态,角色\n");
        for (var i = 0; i < members; i++)
        {
            var branch = i % branches;
            var role = i < branches ? "书记" : "党员";
            csv.Append(CultureInfo.InvariantCulture, $"党员{i:D5},139{i:D8},基准党委/基准第{branch + 1:D3}支部,第{i % 3 + 1}小组,正式,{role}\n");
        }

        return csv.ToString();
    }

    public static async Task<SyntheticRoster> ImportAsync(IMemberStore store, int members, int branches, Func<int, bool> bound, CancellationToken cancellationToken)
    {
        var parsed = RosterParser.Parse(Encoding.UTF8.GetBytes(Csv(members, branches)));
        if (parsed.Errors.Count > 0)
        {
            throw new InvalidOperationException("generated roster does not parse: " + parsed.Errors[0].Message);
        }

        var plan = RosterPlan.Build(parsed.Rows);
        await store.ImportAsync(plan, cancellationToken);

        var openIds = plan.Members
            .Select((m, i) => (m.Id, Index: i))
            .Where(p => bound(p.Index))
            .ToDictionary(p => p.Id, p => "oBench" + p.Index.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        await Parallel.ForEachAsync(openIds, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (pair, ct) =>
        {
            if (await store.BindOpenIdAsync(pair.Key, pair.Value, ct) != BindOutcome.Bound)
            {
                throw new InvalidOperationException($"binding {pair.Value} failed");
            }
        });
        return new SyntheticRoster(plan, openIds);
    }
}
