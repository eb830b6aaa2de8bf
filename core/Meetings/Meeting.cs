namespace BranchBot.Core.Meetings;

/// <summary>The kinds of organisation life the bot schedules (三会一课, 主题党日, 组织生活会).</summary>
public enum MeetingType
{
    /// <summary>支部党员大会</summary>
    PartyCongress,
    /// <summary>支委会</summary>
    Committee,
    /// <summary>党小组会</summary>
    GroupMeeting,
    /// <summary>党课</summary>
    PartyLecture,
    /// <summary>主题党日</summary>
    ThemeDay,
    /// <summary>组织生活会</summary>
    OrganisationLife,
    Other,
    /// <summary>民主评议党员 (usually held with a 党员大会 or 组织生活会, which the meeting then counts as too)</summary>
    MemberReview,
}

public static class MeetingTypes
{
    private static readonly (MeetingType Type, string Name, string[] Aliases)[] Names =
    [
        (MeetingType.PartyCongress, "支部党员大会", ["党员大会", "支部大会"]),
        (MeetingType.Committee, "支委会", ["支部委员会"]),
        (MeetingType.GroupMeeting, "党小组会", ["小组会"]),
        (MeetingType.PartyLecture, "党课", []),
        (MeetingType.ThemeDay, "主题党日", ["党日"]),
        (MeetingType.OrganisationLife, "组织生活会", []),
        (MeetingType.MemberReview, "民主评议党员", ["民主评议"]),
        (MeetingType.Other, "其他会议", ["其他", "会议"]),
    ];

    /// <summary>Why a name that sounds like a branch meeting is not one (民主生活会 is a leadership team's meeting).</summary>
    public const string NotABranchMeeting = "民主生活会是领导班子的会议，不属于党支部的组织生活；党支部请安排「组织生活会」。";

    /// <summary>Kinds one meeting may be held as together (主题党日 with 党课, 组织生活会 with 民主评议党员…); 支委会 and 党小组会 have other attendees.</summary>
    public static bool Combinable(MeetingType type) =>
        type is MeetingType.PartyCongress or MeetingType.PartyLecture or MeetingType.ThemeDay or MeetingType.OrganisationLife or MeetingType.MemberReview;

    /// <summary>Null when <paramref name="type"/> may also count as each of <paramref name="also"/>; else the reason, for the secretary.</summary>
    public static string? CheckCombination(MeetingType type, IReadOnlyList<MeetingType>? also)
    {
        if (also is not { Count: > 0 })
        {
            return null;
        }

        if (!Combinable(type) || also.Any(t => !Combinable(t)))
        {
            return "只有支部党员大会、党课、主题党日、组织生活会、民主评议党员可以合并召开；支委会、党小组会请单独安排。";
        }

        return also.Contains(type) || also.Distinct().Count() != also.Count ? "同一会议类型请只写一次。" : null;
    }

    public static string NameOf(MeetingType type) => Names.First(n => n.Type == type).Name;

    /// <summary>The name in at most five Chinese characters, for fields that take no more (WeChat's phrase keywords).</summary>
    public static string ShortNameOf(MeetingType type) => type switch
    {
        MeetingType.PartyCongress => "党员大会",
        MeetingType.MemberReview => "民主评议",
        _ => NameOf(type),
    };

    /// <summary>The names of all the kinds a meeting is held as, joined as a secretary writes them: 主题党日、党课.</summary>
    public static string NamesOf(Meeting meeting) => string.Join("、", meeting.Kinds.Select(NameOf));

    public static MeetingType? Parse(string text) =>
        Names.FirstOrDefault(n => n.Name == text || n.Aliases.Contains(text)) is { Name: not null } found ? found.Type : null;
}

/// <summary>A circle around the meeting place; a location inside it counts as being there.</summary>
public sealed record GeoFence(double Latitude, double Longitude, double RadiusMeters)
{
    /// <summary>Haversine distance in metres.</summary>
    public double DistanceTo(double latitude, double longitude)
    {
        const double EarthRadius = 6_371_000;
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(latitude - Latitude);
        var dLng = Rad(longitude - Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(Latitude)) * Math.Cos(Rad(latitude)) * Math.Pow(Math.Sin(dLng / 2), 2);
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public bool Contains(double latitude, double longitude) => DistanceTo(latitude, longitude) <= RadiusMeters;
}

public enum MeetingStatus
{
    Scheduled,
    Cancelled,
}

/// <summary>
/// A meeting of a branch (or one of its groups). Times are UTC. <see cref="Version"/> grows with every change, so
/// reminders planned for an older version are recognised and dropped. <see cref="CheckInSecret"/> seeds the rotating code.
/// </summary>
public sealed record Meeting(
    string Id,
    string BranchId,
    string? GroupId,
    MeetingType Type,
    string Title,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Place,
    GeoFence? Fence,
    string? HostMemberId,
    MeetingStatus Status,
    long Version,
    string CheckInSecret,
    string CreatedBy,
    IReadOnlyList<MeetingType>? AlsoCounts = null)
{
    /// <summary>Every kind the meeting is held as: its type first, then the kinds it also counts as.</summary>
    public IReadOnlyList<MeetingType> Kinds => AlsoCounts is { Count: > 0 } also ? [Type, .. also] : [Type];

    /// <summary>Whether the meeting counts for a rule about <paramref name="type"/> (a 主题党日 held with a 党课 counts for both).</summary>
    public bool CountsAs(MeetingType type) => Type == type || (AlsoCounts?.Contains(type) ?? false);
}
