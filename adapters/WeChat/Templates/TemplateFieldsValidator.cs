using BranchBot.Core.Reminders;
using Microsoft.Extensions.Options;

namespace BranchBot.Adapters.WeChat.Templates;

/// <summary>
/// Refuses at start-up a Reminders:TemplateFields mapping that no value could satisfy (a title in a number field, a
/// time field with words in it), naming the field, instead of a 47003 for every member at send time.
/// </summary>
internal sealed class TemplateFieldsValidator : IValidateOptions<RemindersOptions>
{
    /// <summary>Values that stress every rule: long, multi-line, with characters outside the BMP.</summary>
    private static readonly Dictionary<string, NoticeValue> Samples = new(StringComparer.Ordinal)
    {
        ["kind"] = new NoticeValue.Text("会议提醒", "会议提醒"),
        ["type"] = new NoticeValue.Text("支部党员大会", "党员大会"),
        ["title"] = new NoticeValue.Text("2026年第四季度支部党员大会暨专题组织生活会\n（扩大）𠀀"),
        ["place"] = new NoticeValue.Text("市政府机关办公大楼三号楼四层第一会议室（东侧）"),
        ["text"] = new NoticeValue.Text("【会议提醒】张三同志，2026年第四季度支部党员大会定于12月1日(周二) 14:30在第一会议室召开。"),
        ["name"] = new NoticeValue.Text("欧阳建国"),
        ["time"] = new NoticeValue.Moment(new DateTimeOffset(2026, 12, 31, 15, 30, 0, TimeSpan.Zero)),
        ["end"] = new NoticeValue.Moment(new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero)),
    };

    public ValidateOptionsResult Validate(string? name, RemindersOptions options)
    {
        var errors = options.EffectiveTemplateFields.Select(f => Problem(f.Key, f.Value)).OfType<string>().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Null when the field can be filled; else a message naming the field and what it takes.</summary>
    public static string? Problem(string field, string pattern)
    {
        var setting = $"Reminders:TemplateFields:{field}";
        if (KeywordTypes.Of(field) is not { } type)
        {
            return $"{setting}: \"{field}\" is not a WeChat keyword name. Use the names the template's detail page shows " +
                   "(thing1, time2, phrase3, character_string4…, or first/keywordN/remark for an old template).";
        }

        foreach (var placeholder in KeywordValues.PlaceholdersIn(pattern))
        {
            if (!NoticeTexts.Placeholders.TryGetValue(placeholder, out var shape))
            {
                return $"{setting}: unknown placeholder {{{placeholder}}}; use {string.Join(' ', NoticeTexts.Placeholders.Keys.Order(StringComparer.Ordinal).Select(p => "{" + p + "}"))}.";
            }

            if (!KeywordValues.CanHold(type, shape))
            {
                return $"{setting} is a {KeywordTypes.NameOf(type)} field, which holds {KeywordValues.Describe(type)}: it cannot hold {{{placeholder}}}. " +
                       "Map that keyword to a placeholder it can hold, or choose a template whose keyword types fit.";
            }
        }

        var value = KeywordValues.Render(type, pattern, Samples);
        return KeywordValues.Check(type, value) is { } why
            ? $"{setting} = \"{pattern}\" gives \"{value}\", which {why}. A {KeywordTypes.NameOf(type)} field holds {KeywordValues.Describe(type)}."
            : null;
    }
}
