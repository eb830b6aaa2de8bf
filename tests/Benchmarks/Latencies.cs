namespace BranchBot.Benchmarks;

/// <summary>Nearest-rank percentiles of recorded latencies, in milliseconds.</summary>
internal static class Latencies
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Summary(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return sorted.Count == 0
            ? "no samples"
            : $"p50 {Percentile(sorted, 50):0.0} ms, p95 {Percentile(sorted, 95):0.0} ms, p99 {Percentile(sorted, 99):0.0} ms, max {sorted[^1]:0.0} ms";
    }
}
