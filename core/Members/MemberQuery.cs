namespace BranchBot.Core.Members;

/// <summary>
/// A page of the roster for the console: one branch or all (<see cref="BranchId"/> null), optionally filtered by a
/// text (part of the name, the full phone number, or exactly its last four digits: searching by fragments of numbers
/// would let a caller read the masked phones digit by digit) and by whether a WeChat user is bound. Members on the
/// roll by default; <see cref="Former"/> lists those who left instead (转出, 停止党籍, 出党, 去世). Sorted by name, then id.
/// </summary>
public sealed record MemberQuery(string? BranchId, string? Text, bool? Bound, int Skip, int Take, bool Former = false)
{
    public bool Matches(Member member) =>
        (BranchId is null || member.BranchId == BranchId)
        && member.IsActive != Former
        && (Bound is null || (member.OpenId is not null) == Bound)
        && (string.IsNullOrEmpty(Text) || member.Name.Contains(Text, StringComparison.Ordinal) || PhoneMatches(member.Phone, Text));

    private static bool PhoneMatches(string phone, string text) => text.All(char.IsAsciiDigit) && text.Length switch
    {
        4 => phone.EndsWith(text, StringComparison.Ordinal),
        11 => phone == text,
        _ => false,
    };

    /// <summary>The page of already filtered members, in the query's order.</summary>
    public MemberPage PageOf(IEnumerable<Member> matching)
    {
        var sorted = matching.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        return new MemberPage(sorted.Count, sorted.Skip(Skip).Take(Take).ToList());
    }
}

/// <summary>How many members match, and the requested page of them.</summary>
public sealed record MemberPage(int Total, IReadOnlyList<Member> Items);
