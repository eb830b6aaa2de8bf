using System.Globalization;
using BranchBot.Core.Audit;
using BranchBot.Core.Conversations;
using BranchBot.Core.Messaging;
using BranchBot.Core.Storage;

namespace BranchBot.Core.Members;

/// <summary>
/// <c>绑定 姓名 手机后四位</c> or <c>绑定 123456</c> (a one-time code): ties the WeChat user to a roster member.
/// Secretaries hand out codes (<c>绑定码 姓名</c>) and undo bindings (<c>解绑 姓名</c>) for members of their own branch
/// whose role is below theirs (<see cref="RoleRule"/>); a refusal is answered and written to the audit log.
/// Members of 党小组长 and above bind only with a code. Wrong attempts count per WeChat user, per named member and
/// organisation-wide; any of them over its limit stops binding for <see cref="MembersOptions.BindLockout"/>.
/// </summary>
public sealed class BindingFeature(IMemberStore members, ISharedState shared, MembersOptions options, BindingCodes codes, IAuditLog audit) : IConversationFeature
{
    public string Name => "binding";

    public IReadOnlyList<CommandSpec> Commands { get; } =
    [
        new("绑定", "绑定党员身份：绑定 姓名 手机后四位", ["认证"], "BIND", CommandAccess.Anyone),
        new("绑定码", "为本支部党员生成绑定码：绑定码 姓名", Access: CommandAccess.Secretary),
        new("解绑", "解除党员的微信绑定：解绑 姓名", Access: CommandAccess.Secretary),
    ];

    public async ValueTask<TurnResult> StartAsync(Turn turn, CommandInvocation command, CancellationToken cancellationToken)
    {
        var text = command.Spec.Keyword switch
        {
            "绑定" => await BindAsync(turn, command.Arguments, cancellationToken),
            "绑定码" => await IssueCodeAsync(turn, command.Arguments, cancellationToken),
            _ => await UnbindAsync(turn, command.Arguments, cancellationToken),
        };
        return new TurnResult(Reply.Text(text), turn.Session);
    }

    public ValueTask<TurnResult> ContinueAsync(Turn turn, CancellationToken cancellationToken) => ValueTask.FromResult(TurnResult.Declined);

    private async Task<string> BindAsync(Turn turn, string arguments, CancellationToken cancellationToken)
    {
        if (turn.Member is { } bound)
        {
            return $"您已绑定为 {bound.Name}，无需重复绑定。如需更换，请联系支部书记解绑。";
        }

        var parts = arguments.Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
        var byCode = parts is [{ Length: 6 } code] && code.All(char.IsAsciiDigit);
        var byName = parts is [{ Length: <= 20 }, { Length: 4 } digits] && digits.All(char.IsAsciiDigit);
        if (!byCode && !byName)
        {
            return BindingTexts.Usage;
        }

        var failures = new[]
        {
            (Key: FailureKey(turn.OpenId), Limit: options.BindFailureLimit),
            (Key: byName ? NameFailureKey(parts[0]) : null, Limit: options.BindFailureLimitPerMember),
            (Key: GlobalFailureKey, Limit: options.BindFailureLimitGlobal),
        };
        foreach (var (key, limit) in failures)
        {
            if (key is not null && long.TryParse(await shared.GetAsync(key, cancellationToken), out var tries) && tries >= limit)
            {
                return key == GlobalFailureKey ? BindingTexts.Busy : BindingTexts.Locked(options.BindLockout);
            }
        }

        var (memberId, ambiguous, needsCode) = byCode
            ? (await members.RedeemBindingCodeAsync(parts[0], cancellationToken), false, false)
            : await FindAsync(parts[0], parts[1], cancellationToken);
        if (ambiguous)
        {
            return BindingTexts.AmbiguousName;
        }

        if (memberId is null)
        {
            // Every failure counts on all three counters: one user, one named member, the whole organisation.
            var left = long.MaxValue;
            foreach (var (key, limit) in failures)
            {
                if (key is not null)
                {
                    left = Math.Min(left, limit - await shared.IncrementAsync(key, options.BindLockout, cancellationToken));
                }
            }

            var reason = needsCode ? BindingTexts.NeedsCode : byCode ? BindingTexts.BadCode : BindingTexts.NoMatch;
            return left > 0 ? reason + $"（还可尝试 {left} 次）" : BindingTexts.Locked(options.BindLockout);
        }

        if (byCode)
        {
            await codes.RedeemedAsync(memberId, parts[0], cancellationToken);
        }

        if (await members.GetMemberAsync(memberId, cancellationToken) is { IsActive: false })
        {
            return BindingTexts.NotOnRoster;
        }

        var outcome = await members.BindOpenIdAsync(memberId, turn.OpenId, cancellationToken);
        var member = await members.GetMemberAsync(memberId, cancellationToken);
        return outcome switch
        {
            BindOutcome.Bound or BindOutcome.AlreadyBoundToYou => $"✅ 绑定成功！欢迎您，{member!.Name}。\n发送「答题」开始今天的学习，「帮助」查看全部功能。",
            BindOutcome.MemberBoundElsewhere => BindingTexts.BoundElsewhere,
            BindOutcome.OpenIdBoundToOther => BindingTexts.YouAreBoundToOther,
            _ => BindingTexts.NoMatch,
        };
    }

    /// <summary>The plain member a name and last four name; a match of 党小组长 or above needs a code and binds nobody.</summary>
    private async Task<(string? MemberId, bool Ambiguous, bool NeedsCode)> FindAsync(string name, string lastFour, CancellationToken cancellationToken)
    {
        var matches = (await members.FindByNameAsync(name, cancellationToken)).Where(m => m.IsActive && m.Phone.EndsWith(lastFour, StringComparison.Ordinal)).ToArray();
        if (matches.Length > 1)
        {
            return (null, true, false);
        }

        return matches is [var only] ? (RoleRule.MayBindByName(only) ? (only.Id, false, false) : (null, false, true)) : (null, false, false);
    }

    private async Task<string> IssueCodeAsync(Turn turn, string arguments, CancellationToken cancellationToken)
    {
        var target = await FindInScopeAsync(turn, "绑定码", arguments, cancellationToken);
        if (target.Error is { } error)
        {
            return error;
        }

        var code = await codes.IssueAsync(target.Member!.Id, cancellationToken);
        return $"{target.Member.Name} 的绑定码：{code}（{options.BindingCodeTtl.TotalDays:0} 天内有效，仅可使用一次）。\n请转交本人，发送「绑定 {code}」完成绑定。";
    }

    private async Task<string> UnbindAsync(Turn turn, string arguments, CancellationToken cancellationToken)
    {
        var target = await FindInScopeAsync(turn, "解绑", arguments, cancellationToken);
        if (target.Error is { } error)
        {
            return error;
        }

        return await members.UnbindAsync(target.Member!.Id, cancellationToken)
            ? $"已解除 {target.Member.Name} 的微信绑定，本人可重新绑定。"
            : $"{target.Member.Name} 还没有绑定微信。";
    }

    /// <summary>
    /// A member named in the arguments (name, optionally phone's last four) within the caller's branch (管理员:
    /// anywhere), whom the caller may manage by <see cref="RoleRule"/>; a refusal is audited.
    /// </summary>
    private async Task<(Member? Member, string? Error)> FindInScopeAsync(Turn turn, string command, string arguments, CancellationToken cancellationToken)
    {
        var caller = turn.Member!;
        var actor = Actor.Of(caller);
        var parts = arguments.Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2)
        {
            return (null, "请写明党员姓名，例如：绑定码 李四（重名时加手机后四位：绑定码 李四 1234）。");
        }

        var matches = (await members.FindByNameAsync(parts[0], cancellationToken))
            .Where(m => m.IsActive && RoleRule.Check(actor, m) != RoleRefusal.OutOfScope)
            .Where(m => parts.Length == 1 || m.Phone.EndsWith(parts[1], StringComparison.Ordinal))
            .ToArray();
        switch (matches.Length)
        {
            case 0:
                return (null, $"本支部没有找到「{parts[0]}」。");
            case > 1:
                return (null, $"有 {matches.Length.ToString(CultureInfo.InvariantCulture)} 位「{parts[0]}」，请加上手机后四位区分。");
        }

        var target = matches[0];
        var refusal = RoleRule.Check(actor, target);
        if (refusal == RoleRefusal.None)
        {
            return (target, null);
        }

        var reason = RoleRule.Explain(refusal, target.Name, target.Role);
        await RecordRefusalAsync(turn, command, target, reason);
        return (null, reason);
    }

    /// <summary>A refused chat command goes to the audit log as the console's refusals do (status 403).</summary>
    private async Task RecordRefusalAsync(Turn turn, string command, Member target, string reason)
    {
        var caller = turn.Member!;
        var entry = new AuditEntry(turn.Now, AuditNames.Clean(caller.Name) + "（微信）", caller.BranchId, "chat " + command, "id=" + target.Id, 403, reason);
        try
        {
            // Not the turn's token: a refusal is recorded even if the push is abandoned.
            await audit.AppendAsync(entry, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The refusal stands without its record; the store's failure shows in its own health.
        }
    }

    private const string GlobalFailureKey = "bind-fail-all";

    private static string FailureKey(string openId) => "bind-fail:" + openId;

    /// <summary>One counter per named member however the name is written (full-width, compatibility forms).</summary>
    private static string NameFailureKey(string name) => "bind-fail-name:" + name.Normalize(System.Text.NormalizationForm.FormKC).Trim();
}

internal static class BindingTexts
{
    public const string Usage = "请发送「绑定 姓名 手机后四位」，例如：绑定 张三 1234。\n也可以发送支部书记给您的 6 位绑定码，例如：绑定 123456。";
    public const string NotOnRoster = "您已不在本组织的党员名单中（已转出或离开），不能再绑定。如有疑问，请联系原所在党支部。";
    public const string NoMatch = "没有找到匹配的党员，请核对姓名和手机后四位";
    public const string BadCode = "绑定码有误或已过期，请向支部书记重新索取";
    public const string AmbiguousName = "有多位同名党员的手机后四位相同，请向支部书记索取绑定码后发送「绑定 绑定码」。";
    public const string BoundElsewhere = "这位党员已绑定了其他微信。如需更换，请联系支部书记解绑后再试。";
    public const string NeedsCode = "党小组长、书记、管理员须使用绑定码绑定，请向上级党组织或管理员索取绑定码后发送「绑定 绑定码」";
    public const string Busy = "近期绑定尝试过多，绑定暂停一段时间，请稍后再试，或向支部书记索取绑定码。";
    public const string YouAreBoundToOther = "您的微信已绑定其他党员。如有误，请联系支部书记解绑。";

    public static string Locked(TimeSpan lockout) => $"尝试次数过多，请 {lockout.TotalMinutes:0} 分钟后再试，或联系支部书记索取绑定码。";
}
