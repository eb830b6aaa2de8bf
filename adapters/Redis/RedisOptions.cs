using System.ComponentModel.DataAnnotations;

namespace BranchBot.Adapters.Redis;

/// <summary>Bound from the <c>Redis</c> section. An empty configuration selects the embedded in-memory store.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis configuration string, e.g. <c>localhost:6379,password=…</c>.</summary>
    public string Configuration { get; set; } = string.Empty;

    /// <summary>Prefix of every key, so several deployments can share one Redis.</summary>
    [RegularExpression("^[A-Za-z0-9_.:-]{1,32}$", ErrorMessage = "Redis:KeyPrefix must be 1–32 letters, digits or _.:-")]
    public string KeyPrefix { get; set; } = "bb:";

    /// <summary>How long one store call may take before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Buckets of the reminder due-queue, each its own hash tag (cluster slot). More buckets spread the queue over more
    /// masters; each claim asks every bucket, so keep it near a few per master. A change takes effect safely: jobs
    /// already queued stay findable in the old layout, which is retired once drained (README, "Scaling past one shard").
    /// </summary>
    [Range(1, 1024, ErrorMessage = "Redis:QueueBuckets must be a whole number from 1 to 1024")]
    public int QueueBuckets { get; set; } = 16;

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
