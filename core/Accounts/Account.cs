namespace BranchBot.Core.Accounts;

/// <summary>A console account: a branch secretary (with <see cref="BranchId"/>) or an organisation-wide admin (null).</summary>
public sealed record Account(string Name, string? BranchId, string PasswordHash, DateTimeOffset CreatedAt, string CreatedBy)
{
    public bool IsAdmin => BranchId is null;
}

/// <summary>
/// A signed-in console session. <see cref="ViaKey"/> sessions were opened with an API key (or a one-time sign-in
/// link) and have no account behind them; <see cref="KeyId"/> says which key (<see cref="KeyIdentity.IdOf"/>, or
/// <see cref="KeyIdentity.LinkId"/>), so replacing a key ends the sessions it opened.
/// </summary>
public sealed record ConsoleSession(string Name, string? BranchId, bool ViaKey, DateTimeOffset ExpiresAt, string? KeyId = null);
