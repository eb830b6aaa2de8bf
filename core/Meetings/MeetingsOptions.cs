using System.ComponentModel.DataAnnotations;

namespace BranchBot.Core.Meetings;

/// <summary>Check-in and leave rules. Section <c>Meetings</c>.</summary>
public sealed class MeetingsOptions
{
    public const string Section = "Meetings";

    /// <summary>Check-in opens this long before the start.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CheckInOpensBefore { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Check-in closes this long after the start; checking in after the start counts as late. Then absentees are marked.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CheckInClosesAfter { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>The rotating check-in code changes this often; the current and the previous code are accepted.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan CodePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The check-in QR code's scene changes this often (a time step and an HMAC of the meeting id); a scan of the
    /// current or the previous scene counts, so a photo of the projector stops working within two periods.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "00:10:00")]
    public TimeSpan QrScenePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wrong check-in codes a member may send before having to wait.</summary>
    [Range(1, 100)]
    public int WrongCodeLimit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan WrongCodeLockout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Length of a meeting created by chat, which gives only the start.</summary>
    [Range(typeof(TimeSpan), "00:15:00", "1.00:00:00")]
    public TimeSpan DefaultDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Who owes 补学 (see <see cref="MakeUpKinds"/>) must make up the content within this many days.</summary>
    [Range(1, 60)]
    public int MakeUpDays { get; set; } = 7;

    /// <summary>Kinds whose absentees and members on leave owe 补学 (a meeting held as several kinds owes it if any is listed).</summary>
    [RegularExpression(@"^\s*(PartyCongress|Committee|GroupMeeting|PartyLecture|ThemeDay|OrganisationLife|MemberReview|Other)(\s*,\s*(PartyCongress|Committee|GroupMeeting|PartyLecture|ThemeDay|OrganisationLife|MemberReview|Other))*\s*$|^$",
        ErrorMessage = "Meetings:MakeUpKinds lists meeting types, e.g. \"PartyCongress,PartyLecture,OrganisationLife\".")]
    public string MakeUpKinds { get; set; } = "PartyCongress,PartyLecture,OrganisationLife";

    public bool OwesMakeUp(Meeting meeting) =>
        MakeUpKinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(k => Enum.TryParse<MeetingType>(k, out var type) && meeting.CountsAs(type));
}
