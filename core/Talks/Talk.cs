using System.Globalization;

namespace BranchBot.Core.Talks;

/// <summary>
/// One 谈心谈话 the secretary recorded: two members of the branch (ids in ordinal order), the China date, an optional
/// note, who recorded it and when. The id is the date and the pair, so the same talk recorded twice is one record.
/// </summary>
public sealed record Talk(string Id, string BranchId, string MemberA, string MemberB, DateOnly Date, string? Note, string RecordedBy, DateTimeOffset RecordedAt)
{
    public const int MaxNote = 100;

    public static Talk Create(string branchId, string first, string second, DateOnly date, string? note, string recordedBy, DateTimeOffset recordedAt)
    {
        var (a, b) = string.CompareOrdinal(first, second) <= 0 ? (first, second) : (second, first);
        var id = date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + a + "-" + b;
        return new Talk(id, branchId, a, b, date, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), recordedBy, recordedAt);
    }

    public bool Involves(string memberId) => MemberA == memberId || MemberB == memberId;

    public string Other(string memberId) => MemberA == memberId ? MemberB : MemberA;
}
