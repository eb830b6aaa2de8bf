using BranchBot.Core.Members;

namespace BranchBot.Core.Talks;

/// <summary>
/// One member's 谈心谈话 this year: for a member, whether they talked with a 支部委员; for a 支部委员, the other 支部委员
/// not yet talked with. <see cref="Kept"/> is whether the yearly rule holds for them.
/// </summary>
public sealed record TalkRow(string MemberId, string Name, string PostName, bool OnCommittee, int Talks, bool WithCommittee, IReadOnlyList<string> CommitteeMissing)
{
    public bool Kept => OnCommittee ? CommitteeMissing.Count == 0 : WithCommittee;
}

/// <summary>The branch's yearly 谈心谈话 picture: per member, and the two counts the rule is judged by.</summary>
public sealed record TalkCompliance(int Year, IReadOnlyList<TalkRow> Rows, int MembersKept, int Members, int CommitteePairsKept, int CommitteePairs)
{
    /// <summary>《中国共产党支部工作条例（试行）》第十九条, which the rule follows.</summary>
    public const string Rule = "《中国共产党支部工作条例（试行）》第十九条：党支部委员之间、党支部委员和党员之间、党员和党员之间，每年谈心谈话一般不少于1次。";

    public bool Kept => MembersKept == Members && CommitteePairsKept == CommitteePairs;

    public string Line => $"谈心谈话（{Year}年）：党员与支委谈话 {MembersKept}/{Members} 人，支委之间 {CommitteePairsKept}/{CommitteePairs} 对" + (Kept ? "，均已完成。" : "，尚未完成。");

    public static TalkCompliance Of(int year, IReadOnlyList<Member> roster, IReadOnlyList<Talk> talks)
    {
        var committee = roster.Where(m => MemberPosts.OnCommittee(m.EffectivePost)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var pairs = talks.Select(t => (t.MemberA, t.MemberB)).ToHashSet();
        bool Talked(string a, string b) => pairs.Contains(string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a));

        var names = roster.ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        var rows = roster
            .Where(m => m.Role != MemberRole.Admin)
            .Select(m =>
            {
                var on = committee.Contains(m.Id);
                var missing = on ? committee.Where(c => c != m.Id && !Talked(m.Id, c)).Select(c => names[c]).Order(StringComparer.Ordinal).ToList() : [];
                return new TalkRow(m.Id, m.Name, MemberPosts.NameOf(m.EffectivePost), on, talks.Count(t => t.Involves(m.Id)),
                    committee.Any(c => c != m.Id && Talked(m.Id, c)), missing);
            })
            .OrderBy(r => r.Kept).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        var plain = rows.Where(r => !r.OnCommittee).ToList();
        var list = committee.Order(StringComparer.Ordinal).ToList();
        var committeePairs = list.SelectMany((a, i) => list.Skip(i + 1).Select(b => (a, b))).ToList();
        return new TalkCompliance(year, rows, plain.Count(r => r.Kept), plain.Count, committeePairs.Count(p => Talked(p.a, p.b)), committeePairs.Count);
    }
}
