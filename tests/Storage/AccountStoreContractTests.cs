using BranchBot.Core.Accounts;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Storage;

/// <summary>What every adapter's <see cref="IAccountStore"/> must do; run once per adapter.</summary>
public abstract class AccountStoreContractTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = Created.AddHours(12);

    protected abstract IAccountStore Accounts { get; }

    private static Account Secretary(string name = "wang", string? branch = "b1") => new(name, branch, "pbkdf2-sha256$1$c2FsdA==$aGFzaA==", Created, "org");

    [Fact]
    public async Task CreateAccount_NewName_IsStoredWithEveryField()
    {
        Assert.True(await Accounts.CreateAccountAsync(Secretary(), default));
        Assert.True(await Accounts.CreateAccountAsync(Secretary("管理员", null), default));

        Assert.Equal(Secretary(), await Accounts.GetAccountAsync("wang", default));
        Assert.Equal(Secretary("管理员", null), await Accounts.GetAccountAsync("管理员", default));
        Assert.Null(await Accounts.GetAccountAsync("nobody", default));
        Assert.Equal(["wang", "管理员"], (await Accounts.ListAccountsAsync(default)).Select(a => a.Name));
    }

    [Fact]
    public async Task CreateAccount_NameTaken_IsRefusedAndKeepsTheFirst()
    {
        await Accounts.CreateAccountAsync(Secretary(), default);

        Assert.False(await Accounts.CreateAccountAsync(Secretary() with { BranchId = "b2", PasswordHash = "other" }, default));

        Assert.Equal(Secretary(), await Accounts.GetAccountAsync("wang", default));
    }

    [Fact]
    public async Task CreateAccount_ConcurrentSameName_CreatesExactlyOne()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => Accounts.CreateAccountAsync(Secretary() with { BranchId = "b" + i }, default))));

        Assert.Equal(1, outcomes.Count(created => created));
        Assert.Single(await Accounts.ListAccountsAsync(default));
    }

    [Fact]
    public async Task Session_OfAnAccount_IsFoundWithTheAccountsBranchUntilEnded()
    {
        await Accounts.CreateAccountAsync(Secretary(), default);

        Assert.True(await Accounts.StartSessionAsync("d1", new ConsoleSession("wang", "b1", false, Expires), TimeSpan.FromHours(12), default));

        Assert.Equal(new ConsoleSession("wang", "b1", false, Expires), await Accounts.FindSessionAsync("d1", default));
        Assert.Null(await Accounts.FindSessionAsync("d2", default));
        await Accounts.EndSessionAsync("d1", default);
        Assert.Null(await Accounts.FindSessionAsync("d1", default));
    }

    [Fact]
    public async Task Session_ForAMissingAccount_IsNotStarted()
    {
        Assert.False(await Accounts.StartSessionAsync("d1", new ConsoleSession("ghost", null, false, Expires), TimeSpan.FromHours(12), default));

        Assert.Null(await Accounts.FindSessionAsync("d1", default));
    }

    [Fact]
    public async Task Session_OfADeletedAccount_IsRefusedEvenWhenTheNameIsCreatedAgain()
    {
        await Accounts.CreateAccountAsync(Secretary(), default);
        await Accounts.StartSessionAsync("d1", new ConsoleSession("wang", "b1", false, Expires), TimeSpan.FromHours(12), default);

        Assert.True(await Accounts.DeleteAccountAsync("wang", default));

        Assert.Null(await Accounts.FindSessionAsync("d1", default));
        Assert.Empty(await Accounts.ListAccountsAsync(default));
        Assert.False(await Accounts.DeleteAccountAsync("wang", default));
        await Accounts.CreateAccountAsync(Secretary(), default);
        Assert.Null(await Accounts.FindSessionAsync("d1", default));
    }

    [Fact]
    public async Task SetPasswordHash_EndsTheAccountsSessionsButNotNewOnes()
    {
        await Accounts.CreateAccountAsync(Secretary(), default);
        await Accounts.StartSessionAsync("d1", new ConsoleSession("wang", "b1", false, Expires), TimeSpan.FromHours(12), default);

        Assert.True(await Accounts.SetPasswordHashAsync("wang", "new-hash", default));

        Assert.Equal("new-hash", (await Accounts.GetAccountAsync("wang", default))!.PasswordHash);
        Assert.Null(await Accounts.FindSessionAsync("d1", default));
        Assert.True(await Accounts.StartSessionAsync("d2", new ConsoleSession("wang", "b1", false, Expires), TimeSpan.FromHours(12), default));
        Assert.NotNull(await Accounts.FindSessionAsync("d2", default));
        Assert.False(await Accounts.SetPasswordHashAsync("nobody", "x", default));
    }

    [Fact]
    public async Task KeySession_NeedsNoAccountAndKeepsItsBranch()
    {
        Assert.True(await Accounts.StartSessionAsync("k1", new ConsoleSession("branch2", "b2", true, Expires, "key-id-1"), TimeSpan.FromHours(12), default));
        Assert.True(await Accounts.StartSessionAsync("k2", new ConsoleSession("org", null, true, Expires), TimeSpan.FromHours(12), default));

        Assert.Equal(new ConsoleSession("branch2", "b2", true, Expires, "key-id-1"), await Accounts.FindSessionAsync("k1", default));
        Assert.Equal(new ConsoleSession("org", null, true, Expires), await Accounts.FindSessionAsync("k2", default));
    }
}

public sealed class MemoryAccountStoreContractTests : AccountStoreContractTests
{
    private readonly ManualClock _clock = new();
    private readonly BranchBot.Adapters.Memory.MemoryStore _store;

    public MemoryAccountStoreContractTests() => _store = TestStores.Memory(_clock);

    protected override IAccountStore Accounts => _store;

    [Fact]
    public async Task Session_AfterItsTtl_IsGone()
    {
        await _store.StartSessionAsync("k1", new ConsoleSession("org", null, true, _clock.GetUtcNow().AddHours(1)), TimeSpan.FromHours(1), default);
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(await _store.FindSessionAsync("k1", default));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await _store.FindSessionAsync("k1", default));
    }
}

public sealed class RedisAccountStoreContractTests : AccountStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new();

    protected override IAccountStore Accounts => _redis.Store;

    [Fact]
    public async Task Session_IsStoredUnderItsDigestOnlyWithItsTtl()
    {
        await _redis.Store.CreateAccountAsync(new Account("wang", "b1", "h", DateTimeOffset.UnixEpoch, "org"), default);
        await _redis.Store.StartSessionAsync("digest1", new ConsoleSession("wang", "b1", false, DateTimeOffset.UnixEpoch), TimeSpan.FromHours(12), default);
        await _redis.Store.StartSessionAsync("digest2", new ConsoleSession("org", null, true, DateTimeOffset.UnixEpoch), TimeSpan.FromHours(1), default);

        var db = await _redis.Connection.DatabaseAsync(default);
        Assert.InRange((await db.KeyTimeToLiveAsync(_redis.Prefix + "{acct}:s:digest1"))!.Value, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12));
        Assert.InRange((await db.KeyTimeToLiveAsync(_redis.Prefix + "{acct}:s:digest2"))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    public void Dispose() => _redis.Dispose();
}

public sealed class ClusterAccountStoreContractTests : AccountStoreContractTests, IDisposable
{
    private readonly RedisTestStore _redis = new(RedisCluster.Shared.Configuration);

    protected override IAccountStore Accounts => _redis.Store;

    public void Dispose() => _redis.Dispose();
}
