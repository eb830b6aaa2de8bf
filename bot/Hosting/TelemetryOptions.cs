using System.ComponentModel.DataAnnotations;
using System.Net;

namespace BranchBot.Bot.Hosting;

/// <summary>
/// Metrics and traces. Section <c>Telemetry</c>. The OTLP exporter is switched on by the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and the other <c>OTEL_*</c> settings), not here.
/// </summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    public PrometheusOptions Prometheus { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Prometheus.Path.StartsWith('/') || Prometheus.Path.StartsWith("/api", StringComparison.OrdinalIgnoreCase) || Prometheus.Path.StartsWith("/wechat", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("Telemetry:Prometheus:Path must start with / and not be under /api or /wechat, e.g. \"/metrics\".");
        }

        foreach (var network in Prometheus.AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"Telemetry:Prometheus:AllowedNetworks: \"{network}\" is not a network in CIDR form (e.g. 10.0.0.0/8 or 127.0.0.1/32).");
            }
        }
    }
}

/// <summary>The Prometheus scrape endpoint: off by default; when on, answered only to the networks listed.</summary>
public sealed class PrometheusOptions
{
    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>Client networks (CIDR) allowed to scrape; others get 404. Loopback only by default.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    internal IReadOnlyList<IPNetwork> Networks =>
        (AllowedNetworks.Count == 0 ? ["127.0.0.0/8", "::1/128"] : AllowedNetworks).Select(n => IPNetwork.Parse(n)).ToList();
}
