using BranchBot.Core.Common;

namespace BranchBot.Core.Accounts;

/// <summary>What makes a valid account name and password; the messages are shown to the secretary beside the field.</summary>
public static class AccountRules
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 128;
    public const int MaxNameLength = 32;

    /// <summary>2–32 letters (Chinese included), digits, <c>_</c>, <c>-</c> or <c>.</c>; null if fine, else why not.</summary>
    public static FieldError? CheckName(string? name) =>
        name is null || name.Length is < 2 or > MaxNameLength || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.')
            ? new FieldError("name", "账号名应为 2–32 位字母、汉字、数字或 _ - .")
            : null;

    public static FieldError? CheckPassword(string? password) =>
        password is null || password.Length < MinPasswordLength ? new FieldError("password", $"密码至少 {MinPasswordLength} 位")
        : password.Length > MaxPasswordLength ? new FieldError("password", $"密码最多 {MaxPasswordLength} 位")
        : null;
}
