using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Study;

namespace BranchBot.Core.Ratings;

/// <summary>
/// Reads a branch's <see cref="BranchFigures"/> for a period from the same sources as the reports: meetings and
/// attendance (<see cref="AttendanceReports"/>), the 三会一课 rules judged like <see cref="ComplianceStatus"/>, 补学
/// tasks, study rankings and the roster. A period still running is measured up to now.
/// </summary>
public sealed class BranchFigureReader(
    IMeetingStore meetings,
    IMemberStore members,
    IMakeUpStore makeUps,
    IRankingStore rankings,
    AttendanceReports reports,
    ComplianceOptions compliance,
    TimeProvider time)
{
    /// <param name="skip">Branches not to read (their stars are already kept).</param>
    public async Task<IReadOnlyList<BranchFigures>> AllAsync(RatingPeriod period, CancellationToken cancellationToken, Func<string, bool>? skip = null)
    {
        var units = await members.ListUnitsAsync(cancellationToken);
        var branches = units.Where(u => u.Kind == OrgUnitKind.Branch && !(skip?.Invoke(u.Id) ?? false)).OrderBy(u => u.Name, UnitNameComparer.Instance).ToList();
        var result = new List<BranchFigures>(branches.Count);
        foreach (var branch in branches)
        {
            result.Add(await ReadAsync(branch, units, period, cancellationToken));
        }

        return result;
    }

    public async Task<BranchFigures?> BranchAsync(string branchId, RatingPeriod period, CancellationToken cancellationToken)
    {
        var units = await members.ListUnitsAsync(cancellationToken);
        return units.FirstOrDefault(u => u.Id == branchId && u.Kind == OrgUnitKind.Branch) is { } branch
            ? await ReadAsync(branch, units, period, cancellationToken)
            : null;
    }

    private async Task<BranchFigures> ReadAsync(OrgUnit branch, IReadOnlyList<OrgUnit> units, RatingPeriod period, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var groups = units.Where(u => u.Kind == OrgUnitKind.Group && u.ParentId == branch.Id).OrderBy(u => u.Name, StringComparer.Ordinal).ToList();
        var roster = (await members.QueryAsync(new MemberQuery(branch.Id, null, null, 0, int.MaxValue), cancellationToken)).Items;
        var held = (await meetings.ListByBranchAsync(branch.Id, period.Start, period.End, cancellationToken)).Where(m => m.Status == MeetingStatus.Scheduled).ToList();

        var attendance = await reports.BranchAsync(branch.Id, period.Start, period.End, cancellationToken);
        var tasks = new List<MakeUpTask>();
        foreach (var meeting in held)
        {
            tasks.AddRange(await makeUps.ListForMeetingAsync(meeting.Id, cancellationToken));
        }

        var judgedAt = now < period.End ? now : period.End;
        var active = new HashSet<string>(StringComparer.Ordinal);
        foreach (var month in period.Parts(CompliancePeriod.Month).Where(m => m.Start <= now))
        {
            var board = "m:" + month.Key;
            active.UnionWith((await rankings.TopAsync(RankingScope.Branch(branch.Id), board, int.MaxValue, cancellationToken)).Where(e => e.Points > 0).Select(e => e.MemberId));
        }

        var ids = roster.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        return new BranchFigures(
            branch.Id,
            branch.Name,
            period.Key,
            roster.Count,
            roster.Count(m => m.Status == MemberStatus.Full),
            Rules(held, groups, period, now),
            attendance.Sum(a => a.Expected),
            attendance.Sum(a => a.Present),
            attendance.Sum(a => a.Leave),
            attendance.Sum(a => a.Absent),
            tasks.Count(t => t.State == MakeUpState.Owed),
            tasks.Count(t => t.State == MakeUpState.Done),
            tasks.Count(t => t.State == MakeUpState.Confirmed),
            tasks.Count(t => t.State == MakeUpState.Owed && t.Deadline <= judgedAt),
            active.Count(ids.Contains),
            roster.Count(m => MemberPosts.OnCommittee(m.EffectivePost)),
            roster.Any(m => m.EffectivePost == MemberPost.Secretary),
            groups.Count,
            groups.Count == 0 ? 0 : roster.Count(m => m.GroupId is null || groups.All(g => g.Id != m.GroupId)),
            roster.Count(m => string.IsNullOrWhiteSpace(m.Phone)),
            roster.Count(m => m.OpenId is null),
            roster.Count(m => string.IsNullOrWhiteSpace(m.Phone) || m.OpenId is null));
    }

    /// <summary>
    /// Each rule whose natural periods fit in the rating period (a quarter's rules in a quarter or a year; a monthly
    /// bulletin sees quarterly rules only in a quarter's last month), judged by <see cref="ComplianceStatus.Of"/> at
    /// the last moment of each part, or now for the part still running.
    /// </summary>
    private IReadOnlyList<RuleFigure> Rules(IReadOnlyList<Meeting> held, IReadOnlyList<OrgUnit> groups, RatingPeriod period, DateTimeOffset now)
    {
        var figures = new Dictionary<(MeetingType, string?), (CompliancePeriod Cadence, string? GroupName, int Held, int Due)>();
        foreach (var cadence in compliance.ParsedRules.Select(r => r.Period).Distinct())
        {
            var ofCadence = new ComplianceOptions { Rules = string.Join(",", compliance.ParsedRules.Where(r => r.Period == cadence).Select(r => r.Type + ":" + r.Period + (r.PerGroup ? ":group" : string.Empty))) };
            foreach (var part in period.Parts(cadence).Where(p => p.Start <= now))
            {
                var at = now < part.End ? now : part.End.AddTicks(-1);
                foreach (var item in ComplianceStatus.Of(held, at, ofCadence, groups))
                {
                    var kept = item.Status == ComplianceState.Held;
                    var ended = now >= part.End;
                    var key = (item.Rule, item.Group?.Id);
                    var sum = figures.TryGetValue(key, out var known) ? known : (Cadence: cadence, GroupName: item.Group?.Name, Held: 0, Due: 0);
                    figures[key] = (cadence, item.Group?.Name, sum.Held + (kept ? 1 : 0), sum.Due + (kept || ended ? 1 : 0));
                }
            }
        }

        return figures.Select(f => new RuleFigure(f.Key.Item1, f.Value.Cadence, f.Key.Item2, f.Value.GroupName, f.Value.Held, f.Value.Due)).ToList();
    }
}
