namespace BranchBot.Core.Reminders;

/// <summary>What a placeholder of a notice can hold; a channel renders it for the field it lands in.</summary>
public enum PlaceholderShape
{
    /// <summary>Free text of any length (a title, a place, a whole notice).</summary>
    FreeText,
    /// <summary>A short label from a fixed list (会议提醒, 党员大会); its short form has at most five Chinese characters.</summary>
    Label,
    /// <summary>A person's name.</summary>
    PersonName,
    /// <summary>An instant, written as the field's type requires.</summary>
    Moment,
}

/// <summary>The value of one placeholder.</summary>
public abstract record NoticeValue
{
    /// <summary>Text; <paramref name="Short"/>, when given, is the form for fields that hold at most five Chinese characters.</summary>
    public sealed record Text(string Value, string? Short = null) : NoticeValue;

    /// <summary>An instant, stored in UTC; channels show it in Asia/Shanghai.</summary>
    public sealed record Moment(DateTimeOffset Utc) : NoticeValue;
}
