namespace BranchBot.Core.Common;

/// <summary>
/// Why a form was refused, tied to the field it is about: <see cref="Field"/> is the property name a client sends
/// (camelCase, as in the admin API's JSON), <see cref="Message"/> the sentence shown beside it (chat replies show only this).
/// </summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => Message;
}
