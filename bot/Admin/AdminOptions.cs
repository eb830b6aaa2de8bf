using System.ComponentModel.DataAnnotations;

namespace BranchBot.Bot.Admin;

/// <summary>
/// Keys of the admin API under <c>/api/</c>. Each key has a name (for the audit trail) and optionally a branch it is
/// limited to. No keys: every <c>/api/</c> request is refused. Section <c>Admin</c>; set keys by environment
/// (<c>Admin__ApiKeys__0__Key</c>), never in the repository.
/// </summary>
internal sealed class AdminOptions : IValidatableObject
{
    public const string Section = "Admin";

    public List<AdminKey> ApiKeys { get; set; } = [];

    /// <summary>Shortest key accepted: 32 random characters (letters and digits: about 190 bits).</summary>
    public const int MinKeyLength = 32;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ApiKeys.Where(k => k.Key.Length < MinKeyLength || k.Key.Any(char.IsWhiteSpace) || k.Key.Distinct().Count() < 12 || string.IsNullOrWhiteSpace(k.Name))
            .Select(k => new ValidationResult(
                $"Admin:ApiKeys entry '{k.Name}' needs a Name and a Key of at least {MinKeyLength} random characters without spaces " +
                "(for example: openssl rand -base64 32)."))
            .Concat(ApiKeys.GroupBy(k => k.Key, StringComparer.Ordinal).Where(g => g.Count() > 1)
                .Select(g => new ValidationResult($"Admin:ApiKeys entries {string.Join(", ", g.Select(k => "'" + k.Name + "'"))} share one Key.")));
}

internal sealed class AdminKey
{
    public string Name { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;

    /// <summary>The branch this key may see and change; empty for the whole organisation.</summary>
    public string? BranchId { get; set; }
}

/// <summary>
/// Who is calling the admin API: the key's or account's name and the branch it is limited to (null: all, an admin).
/// </summary>
internal sealed record AdminCaller(string Name, string? BranchId)
{
    /// <summary>Signed in as a console account (not with an API key), so it may change its own password.</summary>
    public bool IsAccount { get; init; }

    public bool IsAdmin => BranchId is null;

    public bool MaySee(string branchId) => BranchId is null || BranchId == branchId;
}
