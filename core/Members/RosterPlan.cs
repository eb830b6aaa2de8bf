using System.Security.Cryptography;
using System.Text;

namespace BranchBot.Core.Members;

/// <summary>The units and members a roster describes, units listed parents first.</summary>
public sealed record RosterPlanResult(IReadOnlyList<OrgUnit> Units, IReadOnlyList<Member> Members);

/// <summary>
/// Turns checked roster rows into units and members. Ids are hashes of paths and phones, so importing the same roster
/// again yields the same ids and updates rather than duplicates.
/// </summary>
public static class RosterPlan
{
    public static RosterPlanResult Build(IReadOnlyList<RosterRow> rows)
    {
        var units = new List<OrgUnit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var members = new List<Member>(rows.Count);

        void Add(OrgUnit unit)
        {
            if (seen.Add(unit.Id))
            {
                units.Add(unit);
            }
        }

        foreach (var row in rows)
        {
            if (row.OrgPath.Count == 0)
            {
                throw new ArgumentException($"Roster row at line {row.Line} has no organisation path.", nameof(rows));
            }

            string? parentId = null;
            for (var depth = 1; depth <= row.OrgPath.Count; depth++)
            {
                var name = row.OrgPath[depth - 1];
                var kind = depth == row.OrgPath.Count ? OrgUnitKind.Branch
                    : name.EndsWith("总支", StringComparison.Ordinal) ? OrgUnitKind.GeneralBranch
                    : OrgUnitKind.Committee;
                var id = UnitId(string.Join("/", row.OrgPath.Take(depth)));
                Add(new OrgUnit(id, name, kind, parentId));
                parentId = id;
            }

            var branchId = parentId!;
            string? groupId = null;
            if (row.Group is not null)
            {
                groupId = UnitId(string.Join("/", row.OrgPath) + "/" + row.Group);
                Add(new OrgUnit(groupId, row.Group, OrgUnitKind.Group, branchId));
            }

            members.Add(new Member(MemberId(row.Phone), row.Name, row.Phone, branchId, groupId, row.Status, row.Role, Post: row.Post ?? MemberPosts.Of(row.Role)));
        }

        return new RosterPlanResult(units, members);
    }

    /// <summary>The id of the unit at a '/'-joined path from the top.</summary>
    internal static string UnitId(string path) => "o" + ShortHash(path);

    /// <summary>The id of the member with a normalised phone number.</summary>
    internal static string MemberId(string phone) => "m" + ShortHash(phone);

    private static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
