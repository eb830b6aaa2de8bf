using BranchBot.Core.Accounts;
using BranchBot.Core.Members;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Accounts;

/// <summary>Console accounts: admins list, create and delete them; anyone may change their own password.</summary>
internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/accounts", ListAsync);
        api.MapPost("/accounts", CreateAsync);
        api.MapPut("/accounts/{name}/password", ChangePasswordAsync);
        api.MapDelete("/accounts/{name}", DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, IAccountStore accounts, IMemberStore members, CancellationToken ct)
    {
        if (!http.Caller().IsAdmin)
        {
            return AdminOnly();
        }

        var names = (await members.ListUnitsAsync(ct)).ToDictionary(u => u.Id, u => u.Name);
        return Results.Json((await accounts.ListAccountsAsync(ct)).Select(a => View(a, names)), ApiErrors.Json);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IAccountStore accounts, IMemberStore members, TimeProvider time, CancellationToken ct)
    {
        if (!http.Caller().IsAdmin)
        {
            return AdminOnly();
        }

        var (request, error) = await ApiJson.ReadAsync<AccountRequest>(http);
        if (request is null)
        {
            return error!;
        }

        if (AccountRules.CheckName(request.Name) is { } badName)
        {
            return ApiErrors.FieldError("name", badName);
        }

        if (AccountRules.CheckPassword(request.Password) is { } badPassword)
        {
            return ApiErrors.FieldError("password", badPassword);
        }

        var branchId = string.IsNullOrWhiteSpace(request.BranchId) ? null : request.BranchId;
        var units = await members.ListUnitsAsync(ct);
        if (branchId is not null && !units.Any(u => u.Id == branchId && u.Kind == OrgUnitKind.Branch))
        {
            return ApiErrors.FieldError("branchId", "找不到这个支部");
        }

        var account = new Account(request.Name!, branchId, PasswordHasher.Hash(request.Password!), time.GetUtcNow(), http.Caller().Name);
        if (!await accounts.CreateAccountAsync(account, ct))
        {
            return Results.Json(new { error = "账号已存在", field = "name" }, ApiErrors.Json, statusCode: 409);
        }

        return Results.Json(View(account, units.ToDictionary(u => u.Id, u => u.Name)), ApiErrors.Json, statusCode: 201);
    }

    /// <summary>An admin sets anyone's password; an account its own, getting a new session since the change ends the old ones.</summary>
    private static async Task<IResult> ChangePasswordAsync(HttpContext http, string name, IAccountStore accounts, SignInService signIn, CancellationToken ct)
    {
        var caller = http.Caller();
        var self = caller.IsAccount && caller.Name == name;
        if (!caller.IsAdmin && !self)
        {
            return ApiErrors.Forbidden("只能修改自己的密码");
        }

        var (request, error) = await ApiJson.ReadAsync<PasswordRequest>(http);
        if (request is null)
        {
            return error!;
        }

        if (AccountRules.CheckPassword(request.Password) is { } badPassword)
        {
            return ApiErrors.FieldError("password", badPassword);
        }

        if (!await accounts.SetPasswordHashAsync(name, PasswordHasher.Hash(request.Password!), ct))
        {
            return ApiErrors.NotFound("找不到这个账号");
        }

        if (self && await accounts.GetAccountAsync(name, ct) is { } account && await signIn.RenewAsync(account, ct) is { Token: { } token, Session: { } session })
        {
            return Results.Json(new { changed = true, token, session.ExpiresAt }, ApiErrors.Json);
        }

        return Results.Json(new { changed = true }, ApiErrors.Json);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string name, IAccountStore accounts, CancellationToken ct)
    {
        if (!http.Caller().IsAdmin)
        {
            return AdminOnly();
        }

        return await accounts.DeleteAccountAsync(name, ct) ? Results.Json(new { deleted = true }, ApiErrors.Json) : ApiErrors.NotFound("找不到这个账号");
    }

    private static IResult AdminOnly() => ApiErrors.Forbidden("仅管理员可以管理账号");

    private static object View(Account a, Dictionary<string, string> unitNames) => new
    {
        a.Name,
        a.BranchId,
        branchName = a.BranchId is null ? null : unitNames.GetValueOrDefault(a.BranchId),
        a.IsAdmin,
        a.CreatedAt,
        a.CreatedBy,
    };

    private sealed record AccountRequest(string? Name, string? BranchId, string? Password);

    private sealed record PasswordRequest(string? Password);
}
