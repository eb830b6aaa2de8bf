using BranchBot.Core.Inbox;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Core.Storage;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

// The same contracts against a three-master Redis Cluster: any multi-key script or transaction whose keys fall in
// different slots fails there with CROSSSLOT, so these prove the hash tags keep each one in one slot. The suites with
// a file of their own (meetings, reminders, competitions, accounts, audit, delivery problems) hold their cluster
// subclass beside the memory and Redis ones.

public sealed class ClusterStoreContractTests : StoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IConversationStore Conversations => _redis.Store;

    protected override ISharedState Shared => _redis.Store;

    protected override IRankingStore Rankings => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterMemberStoreContractTests : MemberStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IMemberStore Members => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterStudyStoreContractTests : StudyStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IStudyStore Study => _redis.Store;

    protected override IMemberStore Members => _redis.Store;

    protected override IRankingStore Rankings => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterQuestionStoreContractTests : QuestionStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IQuestionStore Questions => _redis.Store;

    protected override ISharedState Shared => _redis.Store;

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterRankingStoreContractTests : RankingStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IRankingStore Rankings => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
