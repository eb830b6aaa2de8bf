using BranchBot.Adapters.WeChat.Templates;
using BranchBot.Core.Reminders;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Reminders;

/// <summary>
/// Every placeholder rendered into every keyword type: a field either refuses the placeholder outright (a
/// configuration error at start-up) or gets a value that WeChat's rules, as the fake API applies them, accept.
/// </summary>
public sealed class KeywordValuesTests
{
    private static readonly Dictionary<string, NoticeValue> Hard = new(StringComparer.Ordinal)
    {
        ["kind"] = new NoticeValue.Text("补学提醒", "补学提醒"),
        ["type"] = new NoticeValue.Text("支部党员大会", "党员大会"),
        ["title"] = new NoticeValue.Text("关于学习贯彻党的二十届四中全会精神的专题组织生活会暨民主评议党员大会\r\n第二次"),
        ["place"] = new NoticeValue.Text("机关办公楼\t三楼 第二会议室（请从东门进入，携带😀学习笔记）"),
        ["text"] = new NoticeValue.Text(new string('很', 300) + "\n第二行"),
        ["name"] = new NoticeValue.Text("司马相如欧阳修诸葛亮孔明先生"),
        ["time"] = new NoticeValue.Moment(new DateTimeOffset(2026, 12, 31, 16, 5, 0, TimeSpan.Zero)),
        ["end"] = new NoticeValue.Moment(new DateTimeOffset(2027, 1, 1, 3, 0, 0, TimeSpan.Zero)),
    };

    public static TheoryData<string, string> Fields()
    {
        var data = new TheoryData<string, string>();
        string[] keywords = ["first", "keyword1", "remark", "thing1", "time2", "date3", "phrase4", "name5", "character_string6", "number7", "phone_number8", "amount9", "letter10", "symbol11", "car_number12"];
        foreach (var keyword in keywords)
        {
            foreach (var placeholder in NoticeTexts.Placeholders.Keys)
            {
                data.Add(keyword, placeholder);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Render_EveryPlaceholderInEveryType_IsRefusedAtStartOrAcceptedByWeChat(string keyword, string placeholder)
    {
        var type = KeywordTypes.Of(keyword)!.Value;
        var pattern = "{" + placeholder + "}";
        var problem = TemplateFieldsValidator.Problem(keyword, pattern);
        if (!KeywordValues.CanHold(type, NoticeTexts.Placeholders[placeholder]))
        {
            Assert.NotNull(problem);
            Assert.Contains(keyword, problem);
            return;
        }

        Assert.Null(problem);
        var value = KeywordValues.Render(type, pattern, Hard);
        Assert.True(FakeWeChatRules.Accepts(keyword, value), $"{keyword} ← {pattern} gave \"{value}\", which WeChat refuses");
        Assert.Null(KeywordValues.Check(type, value));
    }

    [Theory]
    [InlineData("time2", "{time}", "2027年1月1日 00:05")]
    [InlineData("time2", "{time}~{end}", "2027年1月1日 00:05~2027年1月1日 11:00")]
    [InlineData("date3", "{time}", "2027年1月1日")]
    [InlineData("thing1", "{time}", "1月1日(周五) 00:05")]
    [InlineData("thing1", "{title}", "关于学习贯彻党的二十届四中全会精神的专…")]
    [InlineData("thing1", "{place}", "机关办公楼 三楼 第二会议室（请从东门…")]
    [InlineData("phrase4", "{type}", "党员大会")]
    [InlineData("phrase4", "{kind}", "补学提醒")]
    [InlineData("name5", "{name}", "司马相如欧阳修诸葛亮")]
    [InlineData("thing4", "{type}：{kind}", "支部党员大会：补学提醒")]
    [InlineData("number7", "1", "1")]
    public void Render_WritesTheTypesOwnForm(string keyword, string pattern, string expected) =>
        Assert.Equal(expected, KeywordValues.Render(KeywordTypes.Of(keyword)!.Value, pattern, Hard));

    [Fact]
    public void Render_NeverCutsACharacterInTwo()
    {
        var values = new Dictionary<string, NoticeValue> { ["title"] = new NoticeValue.Text("学习" + string.Concat(Enumerable.Repeat("😀", 30))) };
        var value = KeywordValues.Render(KeywordType.Thing, "{title}", values);
        Assert.Equal("学习" + string.Concat(Enumerable.Repeat("😀", 8)) + "…", value);
        Assert.True(value.Length <= 20);
    }

    [Fact]
    public void Render_EmptyPlace_IsNotSentEmpty()
    {
        var value = KeywordValues.Render(KeywordType.Thing, "{place}", new Dictionary<string, NoticeValue> { ["place"] = new NoticeValue.Text(" \n ") });
        Assert.True(FakeWeChatRules.Accepts("thing3", value));
    }

    [Theory]
    [InlineData("number5", "{title}", "number5")]
    [InlineData("time2", "{place}", "time2")]
    [InlineData("time2", "会议时间{time}", "time2")]
    [InlineData("phrase3", "{title}", "phrase3")]
    [InlineData("character_string4", "{name}", "character_string4")]
    [InlineData("amount1", "十元", "amount1")]
    [InlineData("thing1", "{weather}", "{weather}")]
    [InlineData("colour1", "{title}", "colour1")]
    public void Validate_MappingNoValueCanSatisfy_NamesTheField(string field, string pattern, string named)
    {
        var problem = TemplateFieldsValidator.Problem(field, pattern);
        Assert.NotNull(problem);
        Assert.Contains(named, problem);
    }

    [Fact]
    public void Validate_ShippedDefaults_Pass() =>
        Assert.All(RemindersOptions.DefaultTemplateFields, f => Assert.Null(TemplateFieldsValidator.Problem(f.Key, f.Value)));
}
