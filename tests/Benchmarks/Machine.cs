using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using BranchBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace BranchBot.Benchmarks;

/// <summary>What the figures were measured on, and CPU time used by this process and by redis-server.</summary>
internal sealed class Machine(int redisPid)
{
    public static async Task<Machine> DescribeAsync(RedisServer redis)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var info = (await connection.GetServer(redis.Configuration).InfoAsync("server")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({CpuModel()}), {MemoryGb():0.0} GB memory, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}; Redis {info.GetValueOrDefault("redis_version")}");
        return new Machine(int.Parse(info["process_id"], CultureInfo.InvariantCulture));
    }

    /// <summary>CPU seconds so far: this process (bot hosts, fakes and driver) and redis-server.</summary>
    public (double Dotnet, double Redis) CpuSeconds()
    {
        var dotnet = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var redis = 0.0;
        try
        {
            // /proc/<pid>/stat fields 14 and 15: user and system time in clock ticks (100 per second on Linux).
            var stat = File.ReadAllText($"/proc/{redisPid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            redis = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
        }

        return (dotnet, redis);
    }

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
