using System.Globalization;
using BranchBot.Adapters.Redis;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BranchBot.Benchmarks;

/// <summary>
/// The reminders run and a competition round with several bot instances on a three-master Redis Cluster (the tests'
/// <see cref="RedisCluster"/>), reading each master's counters at the end of every phase: how the load spreads over the
/// shards, and the Redis commands, CPU and memory per member, notice and answer that the capacity model in
/// BENCHMARKS.md is built from.
/// </summary>
internal static class ClusterBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var members = options.Int("members", 100_000, 1_000, 1_000_000);
        var participants = options.Int("participants", 20_000, 1, 100_000);
        var instances = options.Int("instances", 3, 1, 16);
        var concurrency = options.Int("concurrency", 64, 1, 4096);
        var settings = CompetitionBenchmark.HostSettings;
        if (options.OptionalInt("buckets", 1, 1024) is { } buckets)
        {
            settings["Redis:QueueBuckets"] = buckets.ToString(CultureInfo.InvariantCulture);
        }

        // Four in five members are bound to WeChat; the round is for bound members only.
        participants = Math.Min(participants, members - (members + 1) / 5);
        Console.WriteLine($"== cluster: reminders for {members} members and a competition round of {participants} participants, " +
            $"{instances} bot instances on a three-master Redis Cluster");
        var cluster = RedisCluster.Shared;
        await using var env = await BenchEnvironment.StartAsync(cluster.Configuration);
        var machine = await Machine.DescribeAsync(cluster.Nodes);
        for (var i = 0; i < instances; i++)
        {
            await env.AddHostAsync(settings);
        }

        Console.WriteLine($"Redis:QueueBuckets {BenchEnvironment.Get<IOptions<RedisOptions>>(env.Hosts[0]).Value.QueueBuckets}");

        await using var shards = await ShardCounters.StartAsync(cluster);
        var (remindersExit, roster) = await RemindersBenchmark.RunOnAsync(env, machine, members, null, shards.MarkAsync, cancellationToken);
        var notices = env.Api.CallsTo("message/template/send").Count + env.Sms.Calls.Count;
        var guard = await shards.SizeOfAsync(env.Prefix + "rqd:*", 100);
        var outcomes = await shards.SizeOfAsync(env.Prefix + "out:*", 30);
        Console.WriteLine($"kept per notice: delivery guard {guard.BytesPerKey:0} bytes (mean of {guard.Keys} keys, for Reminders:DeliveryMemory); " +
            $"recorded outcome {outcomes.BytesPerElement:0} bytes (mean over {outcomes.Keys} meetings' lists, no expiry)");
        Console.WriteLine();
        var competitionExit = await CompetitionBenchmark.RunOnAsync(env, machine, roster, participants, concurrency, shards.MarkAsync, cancellationToken);

        shards.Print();
        PrintUnitCosts(shards, members, notices, participants);
        return Math.Max(remindersExit, competitionExit);
    }

    /// <summary>The figures the capacity model needs: per member, per notice, per answer.</summary>
    private static void PrintUnitCosts(ShardCounters shards, int members, int notices, int participants)
    {
        var roster = shards["roster"];
        var planning = shards["planning"];
        var dispatch = shards["dispatch"];
        var answers = shards["competition answers"];
        var joins = shards["competition joins"];
        var push = shards["competition question push"];
        var close = shards["competition close"];
        Console.WriteLine();
        Console.WriteLine("unit costs (all masters together):");
        Console.WriteLine($"  roster import and binding: {roster.Commands / (double)members:0.0} commands and {roster.MemoryBytes / (double)members:0} bytes per member");
        Console.WriteLine($"  planning: {planning.Commands / (double)notices:0.00} commands and {planning.MemoryBytes / (double)notices:0} bytes per queued notice");
        Console.WriteLine($"  dispatch: {dispatch.Commands / (double)notices:0.00} commands and {Cpu(dispatch) / notices * 1e6:0} µs of Redis CPU per notice sent; " +
            $"kept afterwards (guard + outcome, queue emptied): {(planning.MemoryBytes + dispatch.MemoryBytes) / (double)notices:0} bytes per notice");
        Console.WriteLine($"  competition: {joins.Commands / (double)participants:0.0} commands per join, {push.Commands / (double)participants:0.0} per question push, " +
            $"{answers.Commands / (double)participants:0.0} and {Cpu(answers) / participants * 1e6:0} µs of Redis CPU per answer, {close.Commands / (double)participants:0.0} per participant at the close");
    }

    private static double Cpu(ShardCounters.Phase phase) => phase.PerMaster.Sum(m => m.CpuSeconds);
}
