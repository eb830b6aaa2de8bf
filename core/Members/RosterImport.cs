using BranchBot.Core.Common;

namespace BranchBot.Core.Members;

/// <summary>
/// What a roster import did (or, as a dry run, would do); nothing is written when there are errors. <see cref="Missing"/>:
/// members on the roll in the file's branches whom the file leaves out — kept unless the import was told to mark them.
/// </summary>
public sealed record RosterImportReport(bool Ok, IReadOnlyList<ImportError> Errors, int UnitsAdded, int MembersAdded, int MembersUpdated,
    IReadOnlyList<MissingMember>? Missing = null)
{
    public IReadOnlyList<MissingMember> Missing { get; init; } = Missing ?? [];
}

/// <summary>A member the file leaves out; <see cref="Marked"/> when the import took them off the roll, <see cref="Refusal"/> when it could not.</summary>
public sealed record MissingMember(Member Member, bool Marked, string? Refusal = null);

/// <summary>What to do with members missing from the file: keep them (the default), or mark them with a standing.</summary>
public sealed record MissingPolicy(MemberStanding? MarkAs, string By)
{
    public static readonly MissingPolicy Keep = new(null, string.Empty);
}

/// <summary>
/// Checks and applies a roster file for the console. A secretary's file may only touch their own branch: rows for
/// another branch, or that make someone an admin, are row errors like any other, so the whole file is refused.
/// </summary>
public sealed class RosterImport(IMemberStore members, ISpreadsheetReader? sheets = null, MemberLifecycle? lifecycle = null)
{
    /// <summary>The note a member marked by an import gets.</summary>
    public const string MarkedNote = "导入名单时不在名单中";

    /// <param name="onlyBranchId">The branch the importer is limited to; null for an organisation admin.</param>
    public Task<RosterImportReport> RunAsync(byte[] file, string? onlyBranchId, bool dryRun, CancellationToken cancellationToken) =>
        RunAsync(file, onlyBranchId, dryRun, MissingPolicy.Keep, cancellationToken);

    /// <param name="missing">Members on the roll in the file's branches but not in the file: kept and listed, or marked (转出…) when told so.</param>
    public async Task<RosterImportReport> RunAsync(byte[] file, string? onlyBranchId, bool dryRun, MissingPolicy missing, CancellationToken cancellationToken)
    {
        var parsed = RosterParser.Parse(file, sheets);
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

        var absent = await MissingAsync(plan, cancellationToken);
        if (!dryRun)
        {
            var done = await members.ImportAsync(plan, cancellationToken);
            var marked = missing.MarkAs is { } standing ? await MarkAsync(absent, standing, missing.By, onlyBranchId, cancellationToken) : absent.Select(m => new MissingMember(m, false)).ToList();
            return new RosterImportReport(true, [], done.UnitsAdded, done.MembersAdded, done.MembersUpdated, marked);
        }

        var units = (await members.ListUnitsAsync(cancellationToken)).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        var added = plan.Members.Count(m => !existing.ContainsKey(m.Id));
        var updated = plan.Members.Count(m => existing.TryGetValue(m.Id, out var old) && old.RosterPart != m.RosterPart);
        return new RosterImportReport(true, [], plan.Units.Count(u => !units.Contains(u.Id)), added, updated, absent.Select(m => new MissingMember(m, false)).ToList());
    }

    /// <summary>Members on the roll in the branches the file lists whom it leaves out (a file for one branch says nothing of others).</summary>
    private async Task<List<Member>> MissingAsync(RosterPlanResult plan, CancellationToken cancellationToken)
    {
        var inFile = plan.Members.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var result = new List<Member>();
        foreach (var branch in plan.Members.Select(m => m.BranchId).Distinct(StringComparer.Ordinal))
        {
            var roll = await members.QueryAsync(new MemberQuery(branch, null, null, 0, int.MaxValue), cancellationToken);
            result.AddRange(roll.Items.Where(m => !inFile.Contains(m.Id)));
        }

        return result;
    }

    /// <summary>Marks the missing members as the import was told; the role rule still holds (a secretary marks only members below them).</summary>
    private async Task<List<MissingMember>> MarkAsync(List<Member> absent, MemberStanding standing, string by, string? onlyBranchId, CancellationToken cancellationToken)
    {
        if (lifecycle is null)
        {
            throw new InvalidOperationException("RosterImport needs MemberLifecycle to mark missing members.");
        }

        var actor = Actor.OfConsole(onlyBranchId);
        var result = new List<MissingMember>();
        foreach (var member in absent)
        {
            var refusal = RoleRule.Check(actor, member);
            if (refusal != RoleRefusal.None)
            {
                result.Add(new MissingMember(member, false, RoleRule.Explain(refusal, member.Name, member.Role)));
                continue;
            }

            var done = await lifecycle.LeaveAsync(actor, by, member, standing, null, MarkedNote, cancellationToken);
            result.Add(new MissingMember(done.Member ?? member, done.Status is LifecycleStatus.Done or LifecycleStatus.Unchanged, done.Error?.Message ?? done.Refusal));
        }

        return result;
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
