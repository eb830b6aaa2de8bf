using BranchBot.Core.Common;

namespace BranchBot.Core.Members;

/// <summary>What a roster import did (or, as a dry run, would do); nothing is written when there are errors.</summary>
public sealed record RosterImportReport(bool Ok, IReadOnlyList<ImportError> Errors, int UnitsAdded, int MembersAdded, int MembersUpdated);

/// <summary>
/// Checks and applies a roster file for the console. A secretary's file may only touch their own branch: rows for
/// another branch, or that make someone an admin, are row errors like any other, so the whole file is refused.
/// </summary>
public sealed class RosterImport(IMemberStore members)
{
    /// <param name="onlyBranchId">The branch the importer is limited to; null for an organisation admin.</param>
    public async Task<RosterImportReport> RunAsync(byte[] file, string? onlyBranchId, bool dryRun, CancellationToken cancellationToken)
    {
        var parsed = RosterParser.Parse(file);
        if (!parsed.Ok)
        {
            return Failed(parsed.Errors);
        }

        var plan = RosterPlan.Build(parsed.Rows);
        var existing = (await members.GetManyAsync(plan.Members.Select(m => m.Id).ToList(), cancellationToken)).ToDictionary(m => m.Id, StringComparer.Ordinal);
        if (onlyBranchId is not null && OutsideBranch(parsed.Rows, plan, existing, onlyBranchId) is { Count: > 0 } errors)
        {
            return Failed(errors);
        }

        if (!dryRun)
        {
            var done = await members.ImportAsync(plan, cancellationToken);
            return new RosterImportReport(true, [], done.UnitsAdded, done.MembersAdded, done.MembersUpdated);
        }

        var units = (await members.ListUnitsAsync(cancellationToken)).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        var added = plan.Members.Count(m => !existing.ContainsKey(m.Id));
        var updated = plan.Members.Count(m => existing.TryGetValue(m.Id, out var old) && old.RosterPart != m.RosterPart);
        return new RosterImportReport(true, [], plan.Units.Count(u => !units.Contains(u.Id)), added, updated);
    }

    private static List<ImportError> OutsideBranch(IReadOnlyList<RosterRow> rows, RosterPlanResult plan, Dictionary<string, Member> existing, string branchId)
    {
        // The plan has one member per row, in row order.
        var errors = new List<ImportError>();
        foreach (var (row, member) in rows.Zip(plan.Members))
        {
            if (member.BranchId != branchId)
            {
                errors.Add(new ImportError(row.Line, $"“{string.Join("/", row.OrgPath)}”不属于您的支部，不能导入"));
            }
            else if (existing.TryGetValue(member.Id, out var old) && old.BranchId != branchId)
            {
                // The phone is the identity: without this a secretary could move another branch's member into theirs.
                errors.Add(new ImportError(row.Line, "这个手机号的党员属于其他支部，请联系管理员调整"));
            }
            else if (member.Role == MemberRole.Admin || (existing.TryGetValue(member.Id, out var current) && current.Role == MemberRole.Admin))
            {
                // Neither granting nor taking away the organisation-wide role is a branch's business.
                errors.Add(new ImportError(row.Line, "只有管理员可以设置或修改“管理员”角色的党员"));
            }
            else if (RoleRule.CheckChange(new Actor(MemberRole.Secretary, branchId), existing.GetValueOrDefault(member.Id), member) != RoleRefusal.None)
            {
                // The role rule: a branch changes, adds or promotes only members below a secretary; an unchanged row is fine.
                errors.Add(new ImportError(row.Line, "书记、组织委员的信息只能由管理员添加或修改"));
            }
        }

        return errors;
    }

    private static RosterImportReport Failed(IReadOnlyList<ImportError> errors) => new(false, errors, 0, 0, 0);
}
