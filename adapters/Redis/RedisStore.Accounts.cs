using System.Globalization;
using BranchBot.Core.Accounts;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>
/// Console accounts (hash per name, set of names) and sessions (hash per token digest, with a TTL), all under the
/// <c>{acct}</c> hash tag so each script stays in one slot. Every account has a random stamp, renewed on a password
/// change; a session records the stamp it was opened under and is refused once it differs or the account is gone.
/// </summary>
public sealed partial class RedisStore : IAccountStore
{
    private static readonly RedisValue[] AccountFields = ["branch", "hash", "at", "by", "stamp"];

    // KEYS: account, names. ARGV: name, branch, hash, created ms, created by, stamp.
    // Twin: MemoryStore.Accounts.cs CreateAccountAsync; held together by AccountStoreContractTests.CreateAccount_*.
    private static readonly RedisScript CreateAccount = new("""
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HMSET', KEYS[1], 'branch', ARGV[2], 'hash', ARGV[3], 'at', ARGV[4], 'by', ARGV[5], 'stamp', ARGV[6])
        redis.call('SADD', KEYS[2], ARGV[1])
        return 1
        """);

    // KEYS: account. ARGV: hash, stamp.
    // Twin: MemoryStore.Accounts.cs SetPasswordHashAsync; held together by AccountStoreContractTests.SetPasswordHash_EndsTheAccountsSessionsButNotNewOnes.
    private static readonly RedisScript SetPassword = new("""
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HMSET', KEYS[1], 'hash', ARGV[1], 'stamp', ARGV[2])
        return 1
        """);

    // KEYS: account, names. ARGV: name.
    // Twin: MemoryStore.Accounts.cs DeleteAccountAsync; held together by AccountStoreContractTests.Session_OfADeletedAccount_IsRefusedEvenWhenTheNameIsCreatedAgain.
    private static readonly RedisScript DeleteAccount = new("""
        redis.call('SREM', KEYS[2], ARGV[1])
        return redis.call('DEL', KEYS[1])
        """);

    // KEYS: session, account. ARGV: name, expires ms, ttl ms. Binds the session to the account's current stamp.
    // Twin: MemoryStore.Accounts.cs StartSessionAsync (account sessions); held together by AccountStoreContractTests.Session_*.
    private static readonly RedisScript StartAccountSession = new("""
        local stamp = redis.call('HGET', KEYS[2], 'stamp')
        if not stamp then return 0 end
        redis.call('HMSET', KEYS[1], 'kind', 'a', 'name', ARGV[1], 'exp', ARGV[2], 'stamp', stamp)
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """);

    // KEYS: session. ARGV: key name, branch, expires ms, ttl ms, key id.
    // Twin: MemoryStore.Accounts.cs StartSessionAsync (key sessions); held together by AccountStoreContractTests.KeySession_NeedsNoAccountAndKeepsItsBranch.
    private static readonly RedisScript StartKeySession = new("""
        redis.call('HMSET', KEYS[1], 'kind', 'k', 'name', ARGV[1], 'branch', ARGV[2], 'exp', ARGV[3], 'keyid', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return 1
        """);

    public async Task<bool> CreateAccountAsync(Account account, CancellationToken cancellationToken) =>
        (int)await connection.RunAsync(db => CreateAccount.EvaluateAsync(db, [Keys.Account(account.Name), Keys.Accounts],
            [account.Name, account.BranchId ?? string.Empty, account.PasswordHash, account.CreatedAt.ToUnixTimeMilliseconds(), account.CreatedBy, NewStamp()]), cancellationToken) == 1;

    public async Task<Account?> GetAccountAsync(string name, CancellationToken cancellationToken) =>
        ReadAccount(name, await connection.RunAsync(db => db.HashGetAsync(Keys.Account(name), AccountFields), cancellationToken));

    public async Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        var names = (await connection.RunAsync(db => db.SetMembersAsync(Keys.Accounts), cancellationToken)).Select(v => (string)v!).Order(StringComparer.Ordinal).ToArray();
        var rows = await connection.RunAsync(db => Task.WhenAll(names.Select(n => db.HashGetAsync(Keys.Account(n), AccountFields))), cancellationToken);
        return names.Zip(rows).Select(p => ReadAccount(p.First, p.Second)).OfType<Account>().ToList();
    }

    public async Task<bool> SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken) =>
        (int)await connection.RunAsync(db => SetPassword.EvaluateAsync(db, [Keys.Account(name)], [passwordHash, NewStamp()]), cancellationToken) == 1;

    public async Task<bool> DeleteAccountAsync(string name, CancellationToken cancellationToken) =>
        (int)await connection.RunAsync(db => DeleteAccount.EvaluateAsync(db, [Keys.Account(name), Keys.Accounts], [name]), cancellationToken) == 1;

    public async Task<bool> StartSessionAsync(string tokenDigest, ConsoleSession session, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var key = Keys.ConsoleSession(tokenDigest);
        var expires = session.ExpiresAt.ToUnixTimeMilliseconds();
        if (!session.ViaKey)
        {
            return (int)await connection.RunAsync(db => StartAccountSession.EvaluateAsync(db, [key, Keys.Account(session.Name)], [session.Name, expires, Ms(ttl)]), cancellationToken) == 1;
        }

        await connection.RunAsync(db => StartKeySession.EvaluateAsync(db, [key], [session.Name, session.BranchId ?? string.Empty, expires, Ms(ttl), session.KeyId ?? string.Empty]), cancellationToken);
        return true;
    }

    public async Task<ConsoleSession?> FindSessionAsync(string tokenDigest, CancellationToken cancellationToken)
    {
        var s = await connection.RunAsync(db => db.HashGetAsync(Keys.ConsoleSession(tokenDigest), ["kind", "name", "branch", "exp", "stamp", "keyid"]), cancellationToken);
        if (s[0].IsNull || s[1].IsNull || s[3].IsNull)
        {
            return null;
        }

        var name = (string)s[1]!;
        var expires = DateTimeOffset.FromUnixTimeMilliseconds((long)s[3]);
        if (s[0] == "k")
        {
            return new ConsoleSession(name, s[2].IsNullOrEmpty ? null : (string)s[2]!, true, expires, s[5].IsNullOrEmpty ? null : (string)s[5]!);
        }

        // A second read, not one script: the account's key is known only from the session, and a script must name its keys.
        var a = await connection.RunAsync(db => db.HashGetAsync(Keys.Account(name), ["branch", "stamp"]), cancellationToken);
        return !a[1].IsNull && a[1] == s[4] ? new ConsoleSession(name, a[0].IsNullOrEmpty ? null : (string)a[0]!, false, expires) : null;
    }

    public async Task EndSessionAsync(string tokenDigest, CancellationToken cancellationToken) =>
        await connection.DoAsync(db => db.KeyDeleteAsync(Keys.ConsoleSession(tokenDigest)), cancellationToken);

    private static string NewStamp() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

    private static Account? ReadAccount(string name, RedisValue[] f) =>
        f[1].IsNull
            ? null
            : new Account(name, f[0].IsNullOrEmpty ? null : (string)f[0]!, f[1]!, DateTimeOffset.FromUnixTimeMilliseconds((long)f[2]), f[3]!);
}
