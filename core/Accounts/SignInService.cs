using System.Globalization;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Accounts;

/// <summary>
/// Sign-in to the console with a password or a key. Per client address, failures beyond a limit refuse sign-in for the
/// window (the address is the caller's own). Per account name there is no lock a stranger could trigger: beyond a few
/// failures each further attempt must wait, the wait doubling up to <see cref="ConsoleOptions.MaxSignInDelay"/>, and
/// the owner with the right password gets in once it is over. The counters live in <see cref="ISharedState"/>, so
/// every instance sees them. Password checks (deliberately slow) run a few at a time with a bounded queue.
/// </summary>
public sealed class SignInService(IAccountStore accounts, ISharedState shared, ConsoleOptions options, TimeProvider time)
{
    /// <summary>Password checks this instance runs at once (each costs ~100 ms of CPU by design).</summary>
    public const int ParallelChecks = 2;

    private readonly SemaphoreSlim _checks = new(ParallelChecks);
    private int _waiting;

    /// <remarks>
    /// The name's counter goes up before the password is checked, and beyond the free attempts each attempt first
    /// claims the name's wait (one claim per wait): parallel guesses cannot slip through together. A success puts the
    /// counter back to zero. The address counts failures only, so an office behind one address can sign in as often as
    /// it likes. When more than <see cref="ConsoleOptions.MaxQueuedChecks"/> checks already wait, the answer is
    /// <see cref="SignInOutcome.Busy"/> at once: a burst neither queues without end nor takes every core.
    /// </remarks>
    public async Task<SignInResult> WithPasswordAsync(string name, string password, string clientAddress, CancellationToken cancellationToken)
    {
        if (await WaitAsync(AddressKey(clientAddress), options.FailuresPerAddress, cancellationToken) is { } wait)
        {
            return SignInResult.Throttled(wait);
        }

        if (Interlocked.Increment(ref _waiting) > options.MaxQueuedChecks + ParallelChecks)
        {
            Interlocked.Decrement(ref _waiting);
            return SignInResult.Busy;
        }

        try
        {
            await _checks.WaitAsync(cancellationToken);
            try
            {
                return await CheckPasswordAsync(name, password, clientAddress, cancellationToken);
            }
            finally
            {
                _checks.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private async Task<SignInResult> CheckPasswordAsync(string name, string password, string clientAddress, CancellationToken cancellationToken)
    {
        if (await WaitAsync(AddressKey(clientAddress), options.FailuresPerAddress, cancellationToken) is { } wait)
        {
            return SignInResult.Throttled(wait);
        }

        var waitKey = NameWaitKey(name);
        if (await shared.GetAsync(waitKey, cancellationToken) is not null)
        {
            return SignInResult.Throttled(await TimeLeftAsync(waitKey, cancellationToken));
        }

        var nameKey = NameKey(name);
        var attempts = await shared.IncrementAsync(nameKey, options.FailureWindow, cancellationToken);
        var claimedWait = false;
        if (attempts > options.FailuresPerName)
        {
            if (!await shared.TryAcquireLeaseAsync(waitKey, "1", Delay(attempts - options.FailuresPerName), cancellationToken))
            {
                return SignInResult.Throttled(await TimeLeftAsync(waitKey, cancellationToken));
            }

            claimedWait = true;
        }

        var account = await accounts.GetAccountAsync(name, cancellationToken);
        var valid = account is null ? PasswordHasher.VerifyNothing(password) : PasswordHasher.Verify(password, account.PasswordHash);
        if (!valid || account is null)
        {
            await shared.IncrementAsync(AddressKey(clientAddress), options.FailureWindow, cancellationToken);
            return SignInResult.Refused;
        }

        await shared.DeleteIfEqualsAsync(nameKey, attempts.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (claimedWait)
        {
            await shared.ReleaseLeaseAsync(waitKey, "1", cancellationToken);
        }

        return await StartAsync(account.Name, account.BranchId, viaKey: false, cancellationToken);
    }

    /// <summary>The wait before the next attempt after <paramref name="beyond"/> failures over the free ones: 2, 4, 8… seconds, capped.</summary>
    private TimeSpan Delay(long beyond)
    {
        var seconds = Math.Pow(2, Math.Min(beyond, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.MaxSignInDelay.TotalSeconds));
    }

    /// <summary>
    /// An unknown bearer on an API call counts against its address (a counter of its own, five times the sign-in
    /// limit, since expired sessions of an office share it); true when the address is over it, so the caller answers
    /// 429 rather than keep answering guesses.
    /// </summary>
    public async Task<bool> BearerFailedAsync(string clientAddress, CancellationToken cancellationToken) =>
        await shared.IncrementAsync("bearer:addr:" + clientAddress, options.FailureWindow, cancellationToken) > options.FailuresPerAddress * 5L;

    /// <param name="key">The configured key the caller presented, or null if it matched none.</param>
    public async Task<SignInResult> WithKeyAsync(KeyIdentity? key, string clientAddress, CancellationToken cancellationToken)
    {
        if (await WaitAsync(AddressKey(clientAddress), options.FailuresPerAddress, cancellationToken) is { } wait)
        {
            return SignInResult.Throttled(wait);
        }

        if (key is null)
        {
            await shared.IncrementAsync(AddressKey(clientAddress), options.FailureWindow, cancellationToken);
            return SignInResult.Refused;
        }

        return await StartAsync(key.Name, key.BranchId, viaKey: true, cancellationToken, key.KeyId);
    }

    /// <summary>A new session for someone already signed in (after changing their own password).</summary>
    public Task<SignInResult> RenewAsync(Account account, CancellationToken cancellationToken) =>
        StartAsync(account.Name, account.BranchId, viaKey: false, cancellationToken);

    private async Task<SignInResult> StartAsync(string name, string? branchId, bool viaKey, CancellationToken cancellationToken, string? keyId = null)
    {
        var token = SessionToken.New();
        var session = new ConsoleSession(name, branchId, viaKey, time.GetUtcNow() + options.SessionLifetime, keyId);
        return await accounts.StartSessionAsync(SessionToken.Digest(token), session, options.SessionLifetime, cancellationToken)
            ? SignInResult.SignedIn(token, session)
            : SignInResult.Refused;
    }

    private async Task<TimeSpan?> WaitAsync(string key, int limit, CancellationToken cancellationToken) =>
        await shared.GetAsync(key, cancellationToken) is { } value && long.Parse(value, CultureInfo.InvariantCulture) >= limit
            ? await TimeLeftAsync(key, cancellationToken)
            : null;

    private async Task<TimeSpan> TimeLeftAsync(string key, CancellationToken cancellationToken) =>
        await shared.TimeToLiveAsync(key, cancellationToken) is { } left && left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1);

    private static string AddressKey(string address) => "signin:addr:" + address;

    private static string NameWaitKey(string name) => NameKey(name).Replace("signin:name:", "signin:wait:", StringComparison.Ordinal);

    /// <summary>Case-folded and cut, so 张三 and variants of one long name share one counter.</summary>
    private static string NameKey(string name)
    {
        var folded = name.Trim().ToLowerInvariant();
        return "signin:name:" + (folded.Length > 64 ? folded[..64] : folded);
    }
}

/// <summary>A configured API key (or a one-time sign-in link) as a console identity, with which key it was.</summary>
public sealed record KeyIdentity(string Name, string? BranchId, string KeyId)
{
    /// <summary>The <see cref="KeyId"/> of sessions opened with a sign-in link.</summary>
    public const string LinkId = "link";

    /// <summary>Names a key without revealing it: a prefix of the SHA-256 of a salted copy.</summary>
    public static string IdOf(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("branchbot-key-id|" + key)))[..24];
}

public enum SignInOutcome
{
    SignedIn,
    Refused,
    Throttled,
    /// <summary>Too many password checks already wait on this instance: try again shortly (503).</summary>
    Busy,
}

public sealed record SignInResult(SignInOutcome Outcome, string? Token, ConsoleSession? Session, TimeSpan RetryAfter)
{
    public static readonly SignInResult Refused = new(SignInOutcome.Refused, null, null, TimeSpan.Zero);

    public static readonly SignInResult Busy = new(SignInOutcome.Busy, null, null, TimeSpan.FromSeconds(1));

    public static SignInResult SignedIn(string token, ConsoleSession session) => new(SignInOutcome.SignedIn, token, session, TimeSpan.Zero);

    public static SignInResult Throttled(TimeSpan retryAfter) => new(SignInOutcome.Throttled, null, null, retryAfter);
}
