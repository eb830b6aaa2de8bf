using System.Collections.Concurrent;
using System.Globalization;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// How the reminder due-queue is spread: <see cref="Buckets"/> buckets, each under a hash tag of its own, and a job's
/// bucket fixed by a stable hash of its id (so planning the same id again replaces it in place). Bucket b's tag is
/// chosen so its cluster slot lies in the b-th equal share of the 16,384 slots: on a cluster whose masters own equal
/// slot ranges (what <c>redis-cli --cluster create</c> makes) the buckets divide evenly between them.
/// One bucket is the layout from before buckets: tag <c>rq</c>, the keys <c>{rq}:due</c>… that older versions wrote.
/// </summary>
internal sealed class QueueLayout
{
    private const int Slots = 16384;
    private static readonly ConcurrentDictionary<int, QueueLayout> Cache = new();
    private readonly string[] _tags;

    private QueueLayout(int buckets)
    {
        Buckets = buckets;
        _tags = buckets == 1 ? ["rq"] : Enumerable.Range(0, buckets).Select(b => TagFor(buckets, b)).ToArray();
    }

    public int Buckets { get; }

    public IReadOnlyList<string> Tags => _tags;

    public static QueueLayout Of(int buckets) => Cache.GetOrAdd(buckets, static n => new QueueLayout(n));

    public string TagOf(string jobId) => _tags[Fnv1a(jobId) % (uint)Buckets];

    /// <summary>The cluster slot of a hash tag (CRC16/XMODEM modulo 16384, as Redis computes it).</summary>
    public static int SlotOf(string tag)
    {
        ushort crc = 0;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(tag))
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc % Slots;
    }

    private static string TagFor(int buckets, int bucket)
    {
        var low = (long)bucket * Slots / buckets;
        var high = (long)(bucket + 1) * Slots / buckets;
        for (var i = 0; ; i++)
        {
            var tag = string.Create(CultureInfo.InvariantCulture, $"rq{buckets}.{bucket}.{i}");
            var slot = SlotOf(tag);
            if (slot >= low && slot < high)
            {
                return tag;
            }
        }
    }

    // FNV-1a over the id's UTF-16 code units: stable across processes and versions (string.GetHashCode is not).
    private static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ (c & 0xFFu)) * 16777619u;
            hash = (hash ^ (uint)(c >> 8)) * 16777619u;
        }

        return hash;
    }
}
