using System.ComponentModel.DataAnnotations;
using System.Net;

namespace BranchBot.Core.Accounts;

/// <summary>The secretaries' web console: sign-in link, sessions and sign-in limits. Section <c>Console</c>.</summary>
public sealed class ConsoleOptions : IValidatableObject
{
    public const string Section = "Console";

    /// <summary>Print a one-time admin sign-in link at start. Unset: only in the local trial with the embedded store.</summary>
    public bool? SignInLink { get; set; }

    /// <summary>How long a console session lasts.</summary>
    [Range(1, 720)]
    public int SessionHours { get; set; } = 12;

    /// <summary>
    /// Failed sign-ins per account name within <see cref="FailureWindow"/> before each further attempt must wait
    /// (2, 4, 8… seconds, at most <see cref="MaxSignInDelay"/>); never a lock, so a stranger cannot shut the owner out.
    /// </summary>
    [Range(1, 1000)]
    public int FailuresPerName { get; set; } = 5;

    /// <summary>Failed sign-ins per client address within <see cref="FailureWindow"/> before sign-in is refused (429).</summary>
    [Range(1, 100_000)]
    public int FailuresPerAddress { get; set; } = 20;

    /// <summary>The longest wait between attempts for one account name.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxSignInDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Password checks that may wait on one instance; beyond that sign-in answers 503 at once.</summary>
    [Range(1, 10_000)]
    public int MaxQueuedChecks { get; set; } = 32;

    /// <summary>Counted from the first failure.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Reverse proxies (IP addresses) whose <c>X-Forwarded-For</c> names the client; loopback is always trusted. Without
    /// it every client behind a remote proxy shares the proxy's address and its sign-in limit.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Networks of trusted reverse proxies in CIDR form (<c>10.0.0.0/8</c>), beside <see cref="TrustedProxies"/>.</summary>
    public List<string> TrustedNetworks { get; set; } = [];

    public TimeSpan SessionLifetime => TimeSpan.FromHours(SessionHours);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        TrustedProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => new ValidationResult($"Console:TrustedProxies entry '{p}' is not an IP address."))
            .Concat(TrustedNetworks.Where(n => !IPNetwork.TryParse(n, out _))
                .Select(n => new ValidationResult($"Console:TrustedNetworks entry '{n}' is not a network in CIDR form (10.0.0.0/8).")));
}
