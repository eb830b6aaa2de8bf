namespace BranchBot.Core.Accounts;

/// <summary>
/// Port for console accounts and their sessions. Sessions are found by the SHA-256 digest of their token only, so the
/// store never holds a usable token. An account session ends as soon as its account is deleted or its password changes.
/// </summary>
public interface IAccountStore
{
    /// <summary>Adds the account unless the name is taken; false then.</summary>
    Task<bool> CreateAccountAsync(Account account, CancellationToken cancellationToken);

    Task<Account?> GetAccountAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the password hash and ends the account's sessions; false if there is no such account.</summary>
    Task<bool> SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Deletes the account, ending its sessions; false if there was none.</summary>
    Task<bool> DeleteAccountAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a session under <paramref name="tokenDigest"/> for <paramref name="ttl"/>. An account session is bound to
    /// the account as it is now; false if the account no longer exists.
    /// </summary>
    Task<bool> StartSessionAsync(string tokenDigest, ConsoleSession session, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>The live session, or null if unknown, expired, or its account was deleted or its password changed.</summary>
    Task<ConsoleSession?> FindSessionAsync(string tokenDigest, CancellationToken cancellationToken);

    Task EndSessionAsync(string tokenDigest, CancellationToken cancellationToken);
}
