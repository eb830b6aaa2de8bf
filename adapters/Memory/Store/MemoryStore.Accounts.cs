using BranchBot.Core.Accounts;

namespace BranchBot.Adapters.Memory;

/// <summary>
/// Accounts with a stamp that changes with every password change (and is new for a re-created name); a session
/// records the stamp it was opened under and is refused once the account's stamp differs or the account is gone.
/// </summary>
public sealed partial class MemoryStore : IAccountStore
{
    private readonly Dictionary<string, (Account Account, Guid Stamp)> _accounts = new(StringComparer.Ordinal);

    // Twin of the CreateAccount script in RedisStore.Accounts.cs.
    public Task<bool> CreateAccountAsync(Account account, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.TryAdd(account.Name, (account, Guid.NewGuid())));
        }
    }

    public Task<Account?> GetAccountAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.TryGetValue(name, out var entry) ? entry.Account : null);
        }
    }

    public Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Account>>(_accounts.Values.Select(e => e.Account).OrderBy(a => a.Name, StringComparer.Ordinal).ToList());
        }
    }

    // Twin of the SetPassword script in RedisStore.Accounts.cs.
    public Task<bool> SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_accounts.TryGetValue(name, out var entry))
            {
                return Task.FromResult(false);
            }

            _accounts[name] = (entry.Account with { PasswordHash = passwordHash }, Guid.NewGuid());
            return Task.FromResult(true);
        }
    }

    // Twin of the DeleteAccount script in RedisStore.Accounts.cs.
    public Task<bool> DeleteAccountAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.Remove(name));
        }
    }

    // Twin of the StartAccountSession and StartKeySession scripts in RedisStore.Accounts.cs.
    public Task<bool> StartSessionAsync(string tokenDigest, ConsoleSession session, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Guid? stamp = null;
            if (!session.ViaKey)
            {
                if (!_accounts.TryGetValue(session.Name, out var entry))
                {
                    return Task.FromResult(false);
                }

                stamp = entry.Stamp;
            }

            Write(ConsoleSessionKey(tokenDigest), new StoredConsoleSession(session, stamp), ttl);
            return Task.FromResult(true);
        }
    }

    public Task<ConsoleSession?> FindSessionAsync(string tokenDigest, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var stored = Read<StoredConsoleSession>(ConsoleSessionKey(tokenDigest));
            if (stored is null || stored.Session.ViaKey)
            {
                return Task.FromResult(stored?.Session);
            }

            return Task.FromResult(_accounts.TryGetValue(stored.Session.Name, out var entry) && entry.Stamp == stored.Stamp
                ? stored.Session with { BranchId = entry.Account.BranchId }
                : null);
        }
    }

    public Task EndSessionAsync(string tokenDigest, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.Remove(ConsoleSessionKey(tokenDigest));
        }

        return Task.CompletedTask;
    }

    private static string ConsoleSessionKey(string tokenDigest) => "console:" + tokenDigest;

    private sealed record StoredConsoleSession(ConsoleSession Session, Guid? Stamp);
}
