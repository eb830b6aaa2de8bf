using BranchBot.Core.Storage;

namespace BranchBot.Core.Accounts;

/// <summary>
/// One-time console sign-in links: a random token, valid for <see cref="Lifetime"/>, exchanged once for an
/// administrator session through <c>POST /api/session</c>. Only its digest is stored, in the shared store, so any
/// instance can redeem it and a redeemed (deleted) link never works again. It is never a bearer itself.
/// </summary>
public sealed class SignInLinks(ISharedState shared)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static readonly KeyIdentity Identity = new("启动链接", null, KeyIdentity.LinkId);

    public async Task<string> IssueAsync(CancellationToken cancellationToken)
    {
        var token = SessionToken.New();
        await shared.SetAsync(Key(token), "1", Lifetime, cancellationToken);
        return token;
    }

    /// <summary>True once for a live link; the link is gone afterwards.</summary>
    public async Task<bool> RedeemAsync(string token, CancellationToken cancellationToken) =>
        token.Length == 43 && await shared.DeleteIfEqualsAsync(Key(token), "1", cancellationToken);

    private static string Key(string token) => "signin-link:" + SessionToken.Digest(token);
}
