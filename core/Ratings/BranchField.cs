namespace BranchBot.Core.Ratings;

/// <summary>The 领域 a branch works in; 亮晒比 compares branches of one field. Set by the organisation's admin.</summary>
public enum BranchField
{
    Unset,
    Government,
    Enterprise,
    Rural,
    Community,
    School,
    Hospital,
    NonPublic,
    SocialOrganisation,
    Other,
}

public static class BranchFields
{
    private static readonly (BranchField Field, string Name)[] Names =
    [
        (BranchField.Unset, "未设置"),
        (BranchField.Government, "机关"),
        (BranchField.Enterprise, "企业"),
        (BranchField.Rural, "农村"),
        (BranchField.Community, "社区"),
        (BranchField.School, "学校"),
        (BranchField.Hospital, "医院"),
        (BranchField.NonPublic, "非公企业"),
        (BranchField.SocialOrganisation, "社会组织"),
        (BranchField.Other, "其他"),
    ];

    public static string NameOf(BranchField field) => Names.First(n => n.Field == field).Name;

    public static IReadOnlyList<(BranchField Field, string Name)> All => Names;

    /// <summary>By its English name or its Chinese name; Unset is not a choice.</summary>
    public static BranchField? Parse(string? text)
    {
        var t = text?.Trim() ?? string.Empty;
        foreach (var (field, name) in Names.Skip(1))
        {
            if (name == t || string.Equals(field.ToString(), t, StringComparison.OrdinalIgnoreCase))
            {
                return field;
            }
        }

        return null;
    }
}
