using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using BranchBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace BranchBot.Benchmarks;

/// <summary>What the figures were measured on, and CPU time used by this process and by redis-server.</summary>
internal sealed class Machine(IReadOnlyList<int> redisPids)
{
    public static Task<Machine> DescribeAsync(RedisServer redis) => DescribeAsync([redis]);

    /// <summary>As above for several redis-servers (a cluster's masters): their CPU counts together.</summary>
    public static async Task<Machine> DescribeAsync(IReadOnlyList<RedisServer> servers)
    {
        var pids = new List<int>();
        string? version = null;
        foreach (var redis in servers)
        {
            using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
            var info = (await connection.GetServer(redis.Configuration).InfoAsync("server")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
            version = info.GetValueOrDefault("redis_version");
            pids.Add(int.Parse(info["process_id"], CultureInfo.InvariantCulture));
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({CpuModel()}), {MemoryGb():0.0} GB memory, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}; Redis {version}" +
            (servers.Count > 1 ? $" × {servers.Count} masters" : string.Empty));
        return new Machine(pids);
    }

    /// <summary>CPU seconds so far: this process (bot hosts, fakes and driver), redis-server, and the whole machine.</summary>
    public CpuTime CpuSeconds()
    {
        var dotnet = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var redis = 0.0;
        var machine = 0.0;
        try
        {
            // /proc/<pid>/stat fields 14 and 15: user and system time in clock ticks (100 per second on Linux).
            foreach (var pid in redisPids)
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                redis += (Ticks(fields[11]) + Ticks(fields[12])) / 100.0;
            }

            // /proc/stat "cpu": user nice system idle iowait irq softirq steal…; busy is all but idle and iowait (steal counts).
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            machine = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => Ticks(cpu[i])) / 100.0;
        }
        catch (IOException)
        {
        }

        return new CpuTime(dotnet, redis, machine);
    }

    private static long Ticks(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static double MemoryGb() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024;
}

/// <summary>CPU seconds used by this process, by redis-server, and by the whole machine (other processes included).</summary>
internal sealed record CpuTime(double Dotnet, double Redis, double Machine)
{
    /// <summary>What was used between <paramref name="before"/> and now, in words, against what <paramref name="elapsed"/> offered.</summary>
    public string Since(CpuTime before, TimeSpan elapsed)
    {
        var dotnet = Dotnet - before.Dotnet;
        var redis = Redis - before.Redis;
        var others = Math.Max(0, Machine - before.Machine - dotnet - redis);
        return $".NET process {dotnet:0.0} s, redis-server {redis:0.0} s, other processes on the machine {others:0.0} s, " +
            $"of {elapsed.TotalSeconds * Environment.ProcessorCount:0.0} s available";
    }
}
