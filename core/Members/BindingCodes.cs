using BranchBot.Core.Storage;

namespace BranchBot.Core.Members;

/// <summary>
/// One live binding code per member: a new code withdraws the one handed out before, so a second click or a
/// replacement for a lost slip never leaves two codes that bind the same member. Used by the chat and the console.
/// </summary>
public sealed class BindingCodes(IMemberStore members, ISharedState shared, MembersOptions options)
{
    /// <summary>The pointer lives a little shorter than its code, so it never names a code since reissued to someone else.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    public async Task<string> IssueAsync(string memberId, CancellationToken cancellationToken)
    {
        var code = await members.IssueBindingCodeAsync(memberId, options.BindingCodeTtl, cancellationToken);
        var previous = await shared.GetAsync(PointerKey(memberId), cancellationToken);
        await shared.SetAsync(PointerKey(memberId), code, options.BindingCodeTtl - Margin, cancellationToken);
        if (previous is not null && previous != code)
        {
            // Redeeming is how a store forgets a code; the member is not bound by it.
            await members.RedeemBindingCodeAsync(previous, cancellationToken);
        }

        return code;
    }

    /// <summary>The member used <paramref name="code"/>: it no longer needs withdrawing.</summary>
    public Task RedeemedAsync(string memberId, string code, CancellationToken cancellationToken) =>
        shared.DeleteIfEqualsAsync(PointerKey(memberId), code, cancellationToken);

    private static string PointerKey(string memberId) => "binding-code-of:" + memberId;
}
