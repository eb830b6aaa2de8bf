using System.Diagnostics;

namespace BranchBot.Tests.Infrastructure;

/// <summary>
/// A private three-master Redis Cluster on loopback (redis-server --cluster-enabled yes, joined by redis-cli --cluster
/// create), shared by the tests that prove every multi-key operation keeps to one slot.
/// </summary>
public sealed class RedisCluster
{
    private static readonly Lazy<RedisCluster> SharedCluster = new(Start);

    private RedisCluster(IReadOnlyList<RedisServer> nodes) => Nodes = nodes;

    public static RedisCluster Shared => SharedCluster.Value;

    public IReadOnlyList<RedisServer> Nodes { get; }

    public string Configuration => string.Join(',', Nodes.Select(n => n.Configuration));

    private static RedisCluster Start()
    {
        var nodes = Enumerable.Range(0, 3)
            .Select(i => RedisServer.Start("--cluster-enabled", "yes", "--cluster-config-file", $"nodes-{Guid.NewGuid():N}.conf", "--cluster-node-timeout", "60000"))
            .ToList();
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--cluster");
        info.ArgumentList.Add("create");
        foreach (var node in nodes)
        {
            info.ArgumentList.Add(node.Configuration);
        }

        info.ArgumentList.Add("--cluster-replicas");
        info.ArgumentList.Add("0");
        info.ArgumentList.Add("--cluster-yes");
        using var create = Process.Start(info)!;
        var output = create.StandardOutput.ReadToEnd() + create.StandardError.ReadToEnd();
        create.WaitForExit();
        if (create.ExitCode != 0)
        {
            throw new InvalidOperationException("redis-cli --cluster create failed: " + output);
        }

        // Every node must see the cluster whole; a long node timeout keeps a loaded test machine from failing nodes.
        foreach (var node in nodes)
        {
            WaitForClusterOk(node);
        }

        return new RedisCluster(nodes);
    }

    private static void WaitForClusterOk(RedisServer node)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-p", node.Port.ToString(), "cluster", "info" })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (text.Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(200);
        }

        throw new TimeoutException("the Redis cluster did not reach cluster_state:ok");
    }
}
