using System.ComponentModel.DataAnnotations;

namespace BranchBot.Core.Members;

/// <summary>Binding rules. Section <c>Members</c>.</summary>
public sealed class MembersOptions
{
    public const string Section = "Members";

    /// <summary>Wrong binding attempts allowed before binding is locked for the user.</summary>
    [Range(1, 100)]
    public int BindFailureLimit { get; set; } = 5;

    /// <summary>Wrong attempts naming one member (from any WeChat user) before binding by that name is locked.</summary>
    [Range(1, 1000)]
    public int BindFailureLimitPerMember { get; set; } = 10;

    /// <summary>Wrong attempts organisation-wide, from anyone, before all binding pauses for <see cref="BindLockout"/>.</summary>
    [Range(1, 1_000_000)]
    public int BindFailureLimitGlobal { get; set; } = 200;

    /// <summary>How long binding stays locked after too many wrong attempts.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan BindLockout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a one-time binding code from the secretary stays valid.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan BindingCodeTtl { get; set; } = TimeSpan.FromDays(7);
}
