using System.Diagnostics;
using System.Globalization;
using BranchBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace BranchBot.Benchmarks;

/// <summary>
/// Each master's own counters (<c>INFO everything</c>: total_commands_processed, commandstats, used_memory, used_cpu),
/// read at the end of every phase of a run, so the per-shard load of each phase is the difference. One INFO per master
/// per reading, counted in the next phase (a few commands against hundreds of thousands).
/// </summary>
internal sealed class ShardCounters : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IReadOnlyList<(string Name, IServer Server)> _masters;
    private readonly List<Phase> _phases = [];
    private Reading[] _last;
    private long _lastAt;

    private ShardCounters(ConnectionMultiplexer connection, IReadOnlyList<(string, IServer)> masters, Reading[] first)
    {
        _connection = connection;
        _masters = masters;
        _last = first;
        _lastAt = Stopwatch.GetTimestamp();
    }

    public IReadOnlyList<Phase> Phases => _phases;

    public IReadOnlyList<string> MasterNames => _masters.Select(m => m.Name).ToList();

    public static async Task<ShardCounters> StartAsync(RedisCluster cluster)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration + ",allowAdmin=true");
        var masters = cluster.Nodes.Select((n, i) => ("master " + (char)('A' + i) + " :" + n.Port, connection.GetServer(n.Configuration))).ToList();
        return new ShardCounters(connection, masters, await ReadAsync(masters.Select(m => m.Item2)));
    }

    /// <summary>Ends a phase: what each master did since the last reading.</summary>
    public async Task MarkAsync(string name)
    {
        var now = await ReadAsync(_masters.Select(m => m.Server));
        var deltas = now.Select((r, i) => r.Minus(_last[i])).ToArray();
        _phases.Add(new Phase(name, deltas, Stopwatch.GetElapsedTime(_lastAt)));
        _last = now;
        _lastAt = Stopwatch.GetTimestamp();
    }

    public Phase this[string name] => _phases.Single(p => p.Name == name);

    /// <summary>A table per phase: commands, CPU and memory per master, and the spread.</summary>
    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("per-shard load (difference of each master's INFO across the phase):");
        Console.WriteLine($"  {"phase",-28} {string.Join(" ", _masters.Select(m => $"{m.Name,24}"))} {"total",10}  spread (max/mean)");
        foreach (var phase in _phases)
        {
            var total = phase.PerMaster.Sum(m => m.Commands);
            var shares = phase.PerMaster.Select(m => $"{m.Commands,12:N0} ({Share(m.Commands, total),4:0} %)");
            Console.WriteLine($"  {phase.Name,-28} {string.Join(" ", shares.Select(s => $"{s,24}"))} {total,10:N0}  {phase.Spread:0.00}");
        }

        Console.WriteLine("  the busiest master's top commands in each phase (calls):");
        foreach (var phase in _phases.Where(p => p.Commands > 0))
        {
            var busiest = Array.IndexOf(phase.PerMaster, phase.PerMaster.MaxBy(m => m.Commands));
            var top = phase.PerMaster[busiest].ByCommand.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).Take(6).Select(kv => $"{kv.Key} {kv.Value:N0}");
            Console.WriteLine($"  {phase.Name,-28} {_masters[busiest].Name}: {string.Join(", ", top)}");
        }

        Console.WriteLine("  Redis CPU seconds per master (used_cpu_user + used_cpu_sys):");
        foreach (var phase in _phases)
        {
            Console.WriteLine($"  {phase.Name,-28} {string.Join(" ", phase.PerMaster.Select(m => $"{m.CpuSeconds,24:0.00}"))} {phase.PerMaster.Sum(m => m.CpuSeconds),10:0.00}");
        }

        Console.WriteLine("  used_memory change per master, MB:");
        foreach (var phase in _phases)
        {
            Console.WriteLine($"  {phase.Name,-28} {string.Join(" ", phase.PerMaster.Select(m => $"{Mb(m.MemoryBytes),24}"))} {Mb(phase.MemoryBytes),10}");
        }

        Console.WriteLine("  commands by name, whole run (calls per master):");
        var all = _phases.SelectMany(p => p.PerMaster.Select((m, i) => (i, m))).GroupBy(x => x.i)
            .Select(g => g.SelectMany(x => x.m.ByCommand).GroupBy(kv => kv.Key).ToDictionary(c => c.Key, c => c.Sum(kv => kv.Value)))
            .ToList();
        foreach (var command in all.SelectMany(d => d).GroupBy(kv => kv.Key).OrderByDescending(g => g.Sum(kv => kv.Value)).Take(12).Select(g => g.Key))
        {
            Console.WriteLine($"  {command,-28} {string.Join(" ", all.Select(d => $"{d.GetValueOrDefault(command),24:N0}"))}");
        }
    }

    private static string Mb(long bytes) => Math.Round(bytes / 1048576.0, 1) is var mb && mb == 0 ? "0.0" : mb.ToString("+0.0;-0.0", CultureInfo.InvariantCulture);

    private static double Share(long part, long total) => total == 0 ? 0 : 100.0 * part / total;

    private static async Task<Reading[]> ReadAsync(IEnumerable<IServer> servers) =>
        await Task.WhenAll(servers.Select(async server =>
        {
            var info = (await server.InfoAsync("everything")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var byCommand = info.Where(p => p.Key.StartsWith("cmdstat_", StringComparison.Ordinal))
                .ToDictionary(p => p.Key["cmdstat_".Length..], p => long.Parse(p.Value.Split(',')[0]["calls=".Length..], CultureInfo.InvariantCulture));
            return new Reading(
                long.Parse(info["total_commands_processed"], CultureInfo.InvariantCulture),
                double.Parse(info["used_cpu_user"], CultureInfo.InvariantCulture) + double.Parse(info["used_cpu_sys"], CultureInfo.InvariantCulture),
                long.Parse(info["used_memory"], CultureInfo.InvariantCulture),
                byCommand);
        }));

    /// <summary>
    /// Mean MEMORY USAGE of up to <paramref name="sample"/> keys matching <paramref name="pattern"/> on every master, and
    /// for lists the mean bytes per element: what one guard or one recorded outcome costs.
    /// </summary>
    public async Task<(double BytesPerKey, double BytesPerElement, int Keys)> SizeOfAsync(string pattern, int sample)
    {
        var db = _connection.GetDatabase();
        long bytes = 0, elements = 0;
        var keys = 0;
        foreach (var (_, server) in _masters)
        {
            foreach (var key in server.Keys(0, pattern, 200).Take(sample))
            {
                bytes += (long)await db.ScriptEvaluateAsync("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', 0)", [key]);
                elements += await db.KeyTypeAsync(key) == RedisType.List ? await db.ListLengthAsync(key) : 1;
                keys++;
            }
        }

        return keys == 0 ? (0, 0, 0) : (bytes / (double)keys, bytes / (double)elements, keys);
    }

    public async ValueTask DisposeAsync() => await _connection.CloseAsync();

    /// <summary>One master's counters at a reading, or their change over a phase.</summary>
    internal sealed record Reading(long Commands, double CpuSeconds, long MemoryBytes, IReadOnlyDictionary<string, long> ByCommand)
    {
        public Reading Minus(Reading before) => new(
            Commands - before.Commands,
            CpuSeconds - before.CpuSeconds,
            MemoryBytes - before.MemoryBytes,
            ByCommand.ToDictionary(kv => kv.Key, kv => kv.Value - before.ByCommand.GetValueOrDefault(kv.Key)));
    }

    internal sealed record Phase(string Name, Reading[] PerMaster, TimeSpan Elapsed)
    {
        public long Commands => PerMaster.Sum(m => m.Commands);

        public long MemoryBytes => PerMaster.Sum(m => m.MemoryBytes);

        /// <summary>The busiest master's commands over the mean: 1.00 is an even spread, 3.00 all on one of three.</summary>
        public double Spread => Commands == 0 ? 0 : PerMaster.Max(m => m.Commands) / (Commands / (double)PerMaster.Length);
    }
}
