using System.Text;
using BranchBot.Adapters.Memory;
using BranchBot.Adapters.Redis;
using BranchBot.Core.Inbox;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BranchBot.Tests.Storage;

/// <summary>Fresh stores for the contract tests: memory on a clock the test moves, Redis under a key prefix of its own.</summary>
internal static class TestStores
{
    public static MemoryStore Memory(ManualClock clock) => new(clock, Options.Create(new ConversationOptions()));

    /// <summary>The units and members of a roster CSV (header 姓名,手机号,组织,党小组,状态,角色 added), as an import gets them.</summary>
    public static RosterPlanResult Roster(params string[] rows)
    {
        var csv = "姓名,手机号,组织,党小组,状态,角色\n" + string.Join("\n", rows) + "\n";
        var parsed = RosterParser.Parse(Encoding.UTF8.GetBytes(csv));
        Assert.True(parsed.Ok, string.Join("; ", parsed.Errors));
        return RosterPlan.Build(parsed.Rows);
    }
}

/// <summary>A Redis store on the shared test server whose keys all start with a unique prefix.</summary>
internal sealed class RedisTestStore : IDisposable
{
    /// <param name="configuration">Another Redis (e.g. the test cluster); the shared test server by default.</param>
    /// <param name="queueBuckets">Redis:QueueBuckets; the default when null.</param>
    /// <param name="prefix">Another store's prefix, to act as a second instance on its data; a fresh one when null.</param>
    public RedisTestStore(string? configuration = null, int? queueBuckets = null, string? prefix = null)
    {
        Prefix = prefix ?? RedisServer.UniquePrefix();
        var options = new RedisOptions { Configuration = configuration ?? RedisServer.Shared.Configuration, KeyPrefix = Prefix };
        options.QueueBuckets = queueBuckets ?? options.QueueBuckets;
        Connection = new RedisConnection(Options.Create(options));
        Store = new RedisStore(Connection, Options.Create(new ConversationOptions()), Options.Create(options));
    }

    public string Prefix { get; }

    public RedisConnection Connection { get; }

    public RedisStore Store { get; }

    public void Dispose() => Connection.Dispose();
}
