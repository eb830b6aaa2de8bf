using System.Globalization;
using BranchBot.Core.Members;
using StackExchange.Redis;

namespace BranchBot.Adapters.Redis;

/// <summary>The member profile kept beside a WeChat user's session, as hash fields.</summary>
internal static class ProfileCodec
{
    public static HashEntry[] Encode(MemberProfile profile) =>
    [
        new("id", profile.MemberId),
        new("name", profile.Name),
        new("branch", profile.BranchId),
        new("role", ((int)profile.Role).ToString(CultureInfo.InvariantCulture)),
    ];

    public static MemberProfile? Decode(string? id, string? name, string? branch, string? role) =>
        string.IsNullOrEmpty(id) || !int.TryParse(role, NumberStyles.None, CultureInfo.InvariantCulture, out var r)
            ? null
            : new MemberProfile(id, name ?? string.Empty, branch ?? string.Empty, (MemberRole)r);
}
