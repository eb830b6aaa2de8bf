using System.ComponentModel.DataAnnotations;

namespace BranchBot.Core.Meetings;

/// <summary>Archiving meeting photos before WeChat drops them (three days). Section <c>Photos</c>.</summary>
public sealed class PhotosOptions
{
    public const string Section = "Photos";

    /// <summary>Run the archiving worker on this instance (every instance may: claims are leased).</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>How often the worker looks for photos to fetch.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Photos claimed per step.</summary>
    [Range(1, 100)]
    public int BatchSize { get; set; } = 10;

    /// <summary>How long a claim holds before another instance may take the photo (a crashed worker's photos come back).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first wait after a failed fetch; it doubles with each attempt, up to an hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After this long from sending, WeChat has dropped the media: a photo still failing is marked 未能保存.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);
}
