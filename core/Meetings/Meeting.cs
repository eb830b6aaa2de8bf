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
        (MeetingType.OrganisationLife, "组织生活会", ["民主生活会"]),
        (MeetingType.Other, "其他会议", ["其他", "会议"]),
    ];

    public static string NameOf(MeetingType type) => Names.First(n => n.Type == type).Name;

    /// <summary>The name in at most five Chinese characters, for fields that take no more (WeChat's phrase keywords).</summary>
    public static string ShortNameOf(MeetingType type) => type == MeetingType.PartyCongress ? "党员大会" : NameOf(type);

    public static MeetingType? Parse(string text) =>
        Names.FirstOrDefault(n => n.Name == text || n.Aliases.Contains(text)) is { Name: not null } found ? found.Type : null;

    /// <summary>Types whose absentees must make up the content (补学).</summary>
    public static bool NeedsMakeUp(MeetingType type) => type is MeetingType.PartyCongress or MeetingType.PartyLecture;
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
    string CreatedBy);
