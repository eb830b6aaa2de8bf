using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BranchBot.Core.Bulletins;

/// <summary>
/// The monthly bulletin (通报): sent on the first working day of each month for the month before. China's calendar
/// moves every year, so public holidays and the weekend days worked instead (调休) are listed here. Section <c>Bulletins</c>.
/// </summary>
public sealed class BulletinOptions : IValidatableObject
{
    public const string Section = "Bulletins";

    public bool Enabled { get; set; } = true;

    /// <summary>Not before this China time on the first working day.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:00")]
    public TimeSpan SendAt { get; set; } = TimeSpan.FromHours(9);

    /// <summary>Public holidays ("2027-01-01"), not working days even on a weekday.</summary>
    public List<string> Holidays { get; set; } = [];

    /// <summary>Weekend days worked instead (调休, "2027-02-07"), working days.</summary>
    public List<string> WorkingDays { get; set; } = [];

    /// <summary>The organisation's WeCom group robot webhook for the bulletin; empty: not posted.</summary>
    public string? RobotWebhook { get; set; }

    /// <summary>The console's 通报 page as secretaries open it (https://…/console/bulletins); empty: no link in the notice.</summary>
    public string? ConsoleUrl { get; set; }

    /// <summary>At most this many robot posts per bulletin (4096 bytes each); beyond, the branches that kept everything are summarised.</summary>
    [Range(1, 10)]
    public int RobotMaxParts { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(RobotWebhook), RobotWebhook), (nameof(ConsoleUrl), ConsoleUrl) })
        {
            if (!string.IsNullOrWhiteSpace(value) && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            {
                yield return new ValidationResult($"Bulletins:{name} must be an http(s) address or empty.", [name]);
            }
        }

        foreach (var (name, list) in new[] { (nameof(Holidays), Holidays), (nameof(WorkingDays), WorkingDays) })
        {
            foreach (var day in list.Where(d => !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
            {
                yield return new ValidationResult($"Bulletins:{name} holds \"{day}\", which is not a date like 2027-01-01.", [name]);
            }
        }
    }
}
