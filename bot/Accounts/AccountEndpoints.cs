using System.Security.Claims;
using BranchBot.Core.Accounts;
using BranchBot.Core.Common;
using BranchBot.Core.Members;
using Microsoft.AspNetCore.Http.HttpResults;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Accounts;

/// <summary>Console accounts: admins list, create and delete them; anyone may change their own password.</summary>
internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/accounts", ListAsync).RequireOrganisation();
        api.MapPost("/accounts", CreateAsync).RequireOrganisation();
        api.MapPut("/accounts/{name}/password", ChangePasswordAsync);
        api.MapDelete("/accounts/{name}", DeleteAsync).RequireOrganisation();
        return api;
    }

    private static async Task<Ok<List<AccountView>>> ListAsync(IAccountStore accounts, IMemberStore members, CancellationToken ct)
    {
        var names = (await members.ListUnitsAsync(ct)).ToDictionary(u => u.Id, u => u.Name);
        return TypedResults.Ok((await accounts.ListAccountsAsync(ct)).Select(a => View(a, names)).ToList());
    }

    private static async Task<Results<Created<AccountView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        AccountRequest request, ClaimsPrincipal user, IAccountStore accounts, IMemberStore members, TimeProvider time, CancellationToken ct)
    {
        if ((AccountRules.CheckName(request.Name) ?? AccountRules.CheckPassword(request.Password)) is { } invalid)
        {
            return ApiProblems.Invalid(invalid);
        }

        var branchId = string.IsNullOrWhiteSpace(request.BranchId) ? null : request.BranchId;
        var units = await members.ListUnitsAsync(ct);
        if (branchId is not null && !units.Any(u => u.Id == branchId && u.Kind == OrgUnitKind.Branch))
        {
            return ApiProblems.Invalid("branchId", "找不到这个支部");
        }

        var account = new Account(request.Name!, branchId, PasswordHasher.Hash(request.Password!), time.GetUtcNow(), user.Caller().Name);
        if (!await accounts.CreateAccountAsync(account, ct))
        {
            return ApiProblems.Conflict(new FieldError("name", "账号已存在"));
        }

        return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(account.Name)}", View(account, units.ToDictionary(u => u.Id, u => u.Name)));
    }

    /// <summary>An admin sets anyone's password; an account its own, getting a new session since the change ends the old ones.</summary>
    private static async Task<Results<Ok<PasswordChanged>, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        string name, PasswordRequest request, ClaimsPrincipal user, IAccountStore accounts, SignInService signIn, CancellationToken ct)
    {
        var caller = user.Caller();
        var self = caller.IsAccount && caller.Name == name;
        if (!caller.IsAdmin && !self)
        {
            return ApiProblems.Forbidden("只能修改自己的密码");
        }

        if (AccountRules.CheckPassword(request.Password) is { } invalid)
        {
            return ApiProblems.Invalid(invalid);
        }

        if (!await accounts.SetPasswordHashAsync(name, PasswordHasher.Hash(request.Password!), ct))
        {
            return ApiProblems.NotFound("找不到这个账号");
        }

        if (self && await accounts.GetAccountAsync(name, ct) is { } account && await signIn.RenewAsync(account, ct) is { Token: { } token, Session: { } session })
        {
            return TypedResults.Ok(new PasswordChanged(true, token, session.ExpiresAt));
        }

        return TypedResults.Ok(new PasswordChanged(true, null, null));
    }

    private static async Task<Results<Ok<AccountDeleted>, ProblemHttpResult>> DeleteAsync(string name, IAccountStore accounts, CancellationToken ct) =>
        await accounts.DeleteAccountAsync(name, ct) ? TypedResults.Ok(new AccountDeleted(true)) : ApiProblems.NotFound("找不到这个账号");

    private static AccountView View(Account a, Dictionary<string, string> unitNames) =>
        new(a.Name, a.BranchId, a.BranchId is null ? null : unitNames.GetValueOrDefault(a.BranchId), a.IsAdmin, a.CreatedAt, a.CreatedBy);

    internal sealed record AccountRequest(string? Name, string? BranchId, string? Password);

    internal sealed record PasswordRequest(string? Password);

    internal sealed record AccountView(string Name, string? BranchId, string? BranchName, bool IsAdmin, DateTimeOffset CreatedAt, string CreatedBy);

    internal sealed record PasswordChanged(bool Changed, string? Token, DateTimeOffset? ExpiresAt);

    internal sealed record AccountDeleted(bool Deleted);
}
