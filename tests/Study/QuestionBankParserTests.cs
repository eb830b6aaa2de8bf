using System.Text;
using System.Text.Json.Nodes;
using BranchBot.Core.Common;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.Study;

public sealed class QuestionBankParserTests
{
    private const string CsvHeader = "题型,题干,A,B,C,D,答案,解析,分类,难度\n";

    static QuestionBankParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static JsonObject Single() => new()
    {
        ["type"] = "单选",
        ["stem"] = "预备党员的预备期为（ ）。",
        ["options"] = new JsonArray("六个月", "一年", "两年", "三年"),
        ["answer"] = "B",
        ["explanation"] = "预备期为一年。",
        ["category"] = "党章",
        ["difficulty"] = 1,
    };

    private static string Bank(params JsonObject[] questions) =>
        new JsonObject { ["version"] = 1, ["questions"] = new JsonArray(questions.Cast<JsonNode?>().ToArray()) }.ToJsonString();

    private static JsonObject With(JsonObject question, string field, string? rawValue)
    {
        question[field] = rawValue is null ? null : JsonNode.Parse(rawValue);
        return question;
    }

    private static ParseResult<Question> Csv(string text) => QuestionBankParser.ParseCsv(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void ParseJson_EveryType_IsReadAndNormalised()
    {
        var result = QuestionBankParser.ParseJson(Bank(
            Single(),
            new JsonObject
            {
                ["type"] = "多选", ["stem"] = "  下列属于“三会一课”的有（ ）。 ", ["options"] = new JsonArray("支部党员大会", "支部委员会", "年终总结会", "党课"),
                ["answer"] = "d, a、 b", ["category"] = "三会一课", ["difficulty"] = 2,
            },
            new JsonObject { ["type"] = "判断", ["stem"] = "预备党员没有表决权。", ["options"] = new JsonArray(), ["answer"] = "正确", ["category"] = "党章" },
            new JsonObject { ["type"] = "判断", ["stem"] = "党费可以用于发放福利。", ["answer"] = "×", ["category"] = "廉洁纪律", ["difficulty"] = 3 },
            new JsonObject { ["type"] = "填空", ["stem"] = "预备期为____年。", ["options"] = new JsonArray(), ["answer"] = " 一 | 1 |", ["category"] = "党章" }));

        Assert.Empty(result.Errors);
        Assert.Equal(5, result.Rows.Count);
        var single = result.Rows[0];
        Assert.Equal(
            new Question(Question.IdentityOf("预备党员的预备期为（ ）。", ["六个月", "一年", "两年", "三年"]), QuestionType.Single, "预备党员的预备期为（ ）。", single.Options, "B", "预备期为一年。", "党章", 1),
            single);
        Assert.Equal(["六个月", "一年", "两年", "三年"], single.Options);
        var multiple = result.Rows[1];
        Assert.Equal("下列属于“三会一课”的有（ ）。", multiple.Stem);
        Assert.Equal("ABD", multiple.Answer);
        Assert.Equal(2, multiple.Difficulty);
        Assert.Equal(("对", "", 1), (result.Rows[2].Answer, result.Rows[2].Explanation, result.Rows[2].Difficulty));
        Assert.Equal(("错", 3), (result.Rows[3].Answer, result.Rows[3].Difficulty));
        Assert.Empty(result.Rows[3].Options);
        Assert.Equal("一|1", result.Rows[4].Answer);
    }

    [Theory]
    [InlineData("对", "对")]
    [InlineData("错", "错")]
    [InlineData("正确", "对")]
    [InlineData("错误", "错")]
    [InlineData("√", "对")]
    [InlineData("×", "错")]
    [InlineData("T", "对")]
    [InlineData("f", "错")]
    public void ParseJson_TrueFalseAnswerForms_Normalise(string answer, string expected)
    {
        var question = new JsonObject { ["type"] = "判断", ["stem"] = "题干", ["answer"] = answer, ["category"] = "党章" };
        Assert.Equal(expected, Assert.Single(QuestionBankParser.ParseJson(Bank(question)).Rows).Answer);
    }

    [Theory]
    [InlineData("type", "\"问答\"", "题型应为 单选、多选、判断 或 填空")]
    [InlineData("stem", "\"  \"", "题干不能为空")]
    [InlineData("stem", null, "题干不能为空")]
    [InlineData("options", "[\"甲\"]", "选择题需要 2 到 6 个选项")]
    [InlineData("options", "[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\"]", "选择题需要 2 到 6 个选项")]
    [InlineData("options", "[\"甲\",\"\",\"丙\"]", "选项 B 为空")]
    [InlineData("answer", "\"E\"", "答案应为 A 到 D 之间的选项字母")]
    [InlineData("answer", "\"B?\"", "答案应为 A 到 D 之间的选项字母")]
    [InlineData("answer", "\"\"", "答案应为 A 到 D 之间的选项字母")]
    [InlineData("answer", "\"AB\"", "单选题的答案应为一个字母")]
    [InlineData("category", "\"\"", "分类不能为空")]
    [InlineData("difficulty", "4", "难度应为 1、2 或 3")]
    [InlineData("difficulty", "\"难\"", "难度应为 1、2 或 3")]
    [InlineData("explanation", "{}", "explanation 应为文本")]
    public void ParseJson_BadQuestion_ReportsItsNumber(string field, string? raw, string message)
    {
        var result = QuestionBankParser.ParseJson(Bank(Single(), With(Single(), "stem", "\"另一题\""), With(With(Single(), "stem", "\"第三题\""), field, raw)));
        Assert.Empty(result.Rows);
        Assert.Equal([new ImportError(0, "第 3 题：" + message)], result.Errors);
    }

    [Theory]
    [InlineData("多选", "[\"甲\",\"乙\",\"丙\"]", "\"A\"", "多选题的答案至少要有两个字母")]
    [InlineData("多选", "[\"甲\",\"乙\",\"丙\"]", "\"AA\"", "多选题的答案至少要有两个字母")]
    [InlineData("判断", "[\"对\",\"错\"]", "\"对\"", "判断题和填空题不应有选项")]
    [InlineData("判断", "[]", "\"也许\"", "判断题的答案应为“对”或“错”")]
    [InlineData("填空", "[]", "\" | \"", "填空题的答案不能为空")]
    [InlineData("填空", "[\"甲\"]", "\"一\"", "判断题和填空题不应有选项")]
    public void ParseJson_BadAnswerForType_IsReported(string type, string options, string answer, string message)
    {
        var question = With(With(With(Single(), "type", $"\"{type}\""), "options", options), "answer", answer);
        Assert.Equal([new ImportError(0, "第 1 题：" + message)], QuestionBankParser.ParseJson(Bank(question)).Errors);
    }

    [Fact]
    public void ParseJson_OptionsNotAnArray_IsReported()
    {
        var errors = QuestionBankParser.ParseJson(Bank(With(Single(), "options", "\"甲乙\""))).Errors;
        Assert.Contains(new ImportError(0, "第 1 题：options 应为文本数组"), errors);
    }

    [Fact]
    public void ParseJson_DifficultyAbsentOrNull_DefaultsToOne()
    {
        var absent = Single();
        absent.Remove("difficulty");
        var result = QuestionBankParser.ParseJson(Bank(absent, With(With(Single(), "stem", "\"二\""), "difficulty", "null")));
        Assert.All(result.Rows, q => Assert.Equal(1, q.Difficulty));
        Assert.Equal(2, result.Rows.Count);
    }

    [Fact]
    public void ParseJson_SameStemAndOptionsInAnotherOrder_IsADuplicateOfTheFirst()
    {
        var reordered = With(Single(), "options", "[\"三年\",\" 两年\",\"一年\",\"六个月\"]");
        var result = QuestionBankParser.ParseJson(Bank(Single(), With(Single(), "stem", "\"不同的题\""), reordered));
        Assert.Equal([new ImportError(0, "第 3 题：与第 1 题重复")], result.Errors);
    }

    [Fact]
    public void ParseJson_SameStemOtherOptions_IsNotADuplicate()
    {
        Assert.True(QuestionBankParser.ParseJson(Bank(Single(), With(Single(), "options", "[\"一年\",\"两年\"]"))).Ok);
    }

    [Fact]
    public void ParseJson_SeveralBadQuestions_ReportsEveryOne()
    {
        var result = QuestionBankParser.ParseJson(Bank(With(Single(), "category", "\"\""), Single(), With(With(Single(), "stem", "\"二\""), "answer", "\"Z\"")));
        Assert.Equal(
            [new ImportError(0, "第 1 题：分类不能为空"), new ImportError(0, "第 2 题：与第 1 题重复"), new ImportError(0, "第 3 题：答案应为 A 到 D 之间的选项字母")],
            result.Errors);
    }

    [Theory]
    [InlineData("{\"version\":1,\"questions\":[{\"type\":\"单选\",}\n", 2)]
    [InlineData("{\n\"version\":1,\n\"questions\": [ tru ]}", 3)]
    public void ParseJson_Malformed_IsOneErrorNearItsLine(string json, int line)
    {
        Assert.Equal([new ImportError(line, "JSON 格式有误，请检查这一行附近")], QuestionBankParser.ParseJson(json).Errors);
    }

    [Theory]
    [InlineData("[]", "题库 JSON 应包含 questions 数组")]
    [InlineData("{\"version\":1}", "题库 JSON 应包含 questions 数组")]
    [InlineData("{\"version\":3,\"questions\":[]}", "只支持 version 为 1 或 2 的题库")]
    [InlineData("{\"version\":1,\"questions\":[]}", "题库里没有题目")]
    [InlineData("{\"questions\":[3]}", "第 1 题：应为一个对象")]
    public void ParseJson_WrongShape_IsOneError(string json, string message)
    {
        Assert.Equal([new ImportError(0, message)], QuestionBankParser.ParseJson(json).Errors);
    }

    [Fact]
    public void ParseCsv_GoodFile_IsReadWithOptionalColumnsAndQuoting()
    {
        var result = Csv("题型,题干,A,B,C,D,答案,分类\n" +
            "单选,\"党员的党龄，从（ ）算起。\",转正之日,入党之日,,,a,党章\n" +
            "多选,\"下列说法正确的有\"\"哪些\"\"？\",甲,乙,丙,丁,\"C,A\",党史\n" +
            "判断,支部每月开展主题党日。,,,,,√,三会一课\n" +
            "填空,党的最高理想是____。,,,,,共产主义,党章\n");

        Assert.Empty(result.Errors);
        Assert.Equal(4, result.Rows.Count);
        Assert.Equal(["转正之日", "入党之日"], result.Rows[0].Options);
        Assert.Equal(("党员的党龄，从（ ）算起。", "A", 1, ""), (result.Rows[0].Stem, result.Rows[0].Answer, result.Rows[0].Difficulty, result.Rows[0].Explanation));
        Assert.Equal("下列说法正确的有\"哪些\"？", result.Rows[1].Stem);
        Assert.Equal("AC", result.Rows[1].Answer);
        Assert.Equal(QuestionType.TrueFalse, result.Rows[2].Type);
        Assert.Equal("对", result.Rows[2].Answer);
        Assert.Equal(QuestionType.FillIn, result.Rows[3].Type);
        Assert.Equal(Question.IdentityOf("党的最高理想是____。", []), result.Rows[3].Id);
    }

    [Fact]
    public void ParseCsv_AllSixOptionColumns_AreRead()
    {
        var result = Csv("题型,题干,A,B,C,D,E,F,答案,解析,分类,难度\n多选,题,1,2,3,4,5,6,F、E,因为,时事,3\n");
        var question = Assert.Single(result.Rows);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], question.Options);
        Assert.Equal(("EF", "因为", 3), (question.Answer, question.Explanation, question.Difficulty));
    }

    [Theory]
    [InlineData("问答,题干,甲,乙,,,A,,党章,", "题型应为 单选、多选、判断 或 填空")]
    [InlineData("单选,,甲,乙,,,A,,党章,", "题干不能为空")]
    [InlineData("单选,题干,甲,,,,A,,党章,", "选择题需要 2 到 6 个选项")]
    [InlineData("单选,题干,甲,,丙,,A,,党章,", "选项 B 为空")]
    [InlineData("单选,题干,甲,乙,,,C,,党章,", "答案应为 A 到 B 之间的选项字母")]
    [InlineData("单选,题干,甲,乙,,,\"A,B\",,党章,", "单选题的答案应为一个字母")]
    [InlineData("多选,题干,甲,乙,丙,,B,,党章,", "多选题的答案至少要有两个字母")]
    [InlineData("判断,题干,对,错,,,对,,党章,", "判断题和填空题不应有选项")]
    [InlineData("判断,题干,,,,,可能,,党章,", "判断题的答案应为“对”或“错”")]
    [InlineData("填空,题干,,,,,,,党章,", "填空题的答案不能为空")]
    [InlineData("单选,题干,甲,乙,,,A,,,", "分类不能为空")]
    [InlineData("单选,题干,甲,乙,,,A,,党章,0", "难度应为 1、2 或 3")]
    public void ParseCsv_BadRow_ReportsItsLine(string row, string message)
    {
        var result = Csv(CsvHeader + "单选,好题,甲,乙,,,A,,党章,\n\n" + row + "\n");
        Assert.Empty(result.Rows);
        Assert.Equal([new ImportError(4, message)], result.Errors);
    }

    [Fact]
    public void ParseCsv_LongStem_IsRejected()
    {
        var stem = new string('题', 301);
        Assert.Equal([new ImportError(2, "题干不能超过 300 字")], Csv(CsvHeader + $"填空,{stem},,,,,答,,党章,\n").Errors);
        Assert.True(Csv(CsvHeader + $"填空,{stem[..300]},,,,,答,,党章,\n").Ok);
    }

    [Fact]
    public void ParseCsv_Duplicate_NamesTheFirstLine()
    {
        var result = Csv(CsvHeader + "单选,题,甲,乙,,,A,,党章,\n判断,别的题,,,,,对,,党章,\n单选,题,乙,甲,,,B,,党章,\n");
        Assert.Equal([new ImportError(4, "与第 2 行重复")], result.Errors);
    }

    [Fact]
    public void ParseCsv_MissingHeaders_IsOneErrorAtLineOne()
    {
        var result = Csv("题干,A,B,答案\n题,甲,乙,A\n");
        Assert.Equal([new ImportError(1, "缺少表头：题型、分类")], result.Errors);
    }

    [Fact]
    public void ParseCsv_GbkFile_IsReadCorrectly()
    {
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(CsvHeader + "单选,党的根本组织原则是（ ）。,民主集中制,集体领导,,,A,,党章,2\r\n");
        var question = Assert.Single(QuestionBankParser.ParseCsv(bytes).Rows);
        Assert.Equal("党的根本组织原则是（ ）。", question.Stem);
        Assert.Equal(["民主集中制", "集体领导"], question.Options);
    }

    [Theory]
    [InlineData("bank.json")]
    [InlineData("BANK.JSON")]
    public void Parse_JsonExtension_ReadsJson(string fileName)
    {
        Assert.Single(QuestionBankParser.Parse(Encoding.UTF8.GetBytes(Bank(Single())), fileName).Rows);
    }

    [Fact]
    public void Parse_CsvExtensionAnyCase_ReadsCsv()
    {
        Assert.Single(QuestionBankParser.Parse(Encoding.UTF8.GetBytes(CsvHeader + "判断,题,,,,,对,,党章,\n"), "题库.Csv").Rows);
    }

    [Theory]
    [InlineData("bank.xlsx")]
    [InlineData("bank")]
    public void Parse_OtherExtension_IsOneError(string fileName)
    {
        Assert.Equal([new ImportError(0, "只支持 .json、.csv 或 .xlsx 文件")], QuestionBankParser.Parse([], fileName).Errors);
    }

    private static readonly string[] ShippedCategories = ["党章", "党的创新理论", "党史", "支部工作", "发展党员", "组织生活", "党纪", "时事与国情"];

    [Fact]
    public void Parse_ShippedSample_HasNoErrorsAndCoversTypesAndCategories()
    {
        var result = ShippedBank();

        Assert.Equal([], result.Errors.Select(e => e.ToString()));
        Assert.True(result.Rows.Count >= 600, $"only {result.Rows.Count} questions");
        Assert.Equal(Enum.GetValues<QuestionType>().ToHashSet(), result.Rows.Select(q => q.Type).ToHashSet());
        Assert.Equal(ShippedCategories.Order(StringComparer.Ordinal), result.Rows.Select(q => q.Category).Distinct().Order(StringComparer.Ordinal));
        Assert.All(ShippedCategories, c => Assert.True(result.Rows.Count(q => q.Category == c) >= 60, $"{c} has fewer than 60 questions"));
        Assert.All(result.Rows, q => Assert.False(string.IsNullOrWhiteSpace(q.Source), $"no source: {q.Stem}"));
    }

    [Fact]
    public void Lint_ShippedSample_Passes()
    {
        var report = BankLint.Check(ShippedBank().Rows);
        Assert.True(report.Passed, string.Join("\n", report.Findings.Where(f => f.IsError).Select(f => f.Message)));
    }

    [Fact]
    public void Lint_FindsTwinsMissingSourcesSingleFormFillInsAndLongOptions()
    {
        var csv = "题型,题干,A,B,C,D,答案,分类,出处,考点\n" +
                  "单选,按照党章规定，预备党员的预备期为（ ）。,半年,一年,两年,三年,B,党章,《中国共产党章程》第七条,probation\n" +
                  "单选,按照党章的规定，预备党员的预备期为（ ）。,半年,一年,两年,三年,B,党章,《中国共产党章程》第七条,probation-twin\n" +
                  "判断,预备党员的预备期满后自动转为正式党员。,,,,,错,党章,《中国共产党章程》第七条,probation\n" +
                  "填空,1935年1月召开的（ ）会议确立了毛泽东在党中央和红军的领导地位。,,,,,遵义,党史,,zunyi\n" +
                  "单选,党的最高领导机关是（ ）。,党的全国代表大会和它所产生的中央委员会，以及中央委员会全体会议闭会期间的中央政治局和中央政治局常务委员会,中央政治局,中央书记处,中央军委,A,党章,《中国共产党章程》第十条,top\n";
        var parsed = QuestionBankParser.ParseCsv(System.Text.Encoding.UTF8.GetBytes(csv));
        Assert.Equal([], parsed.Errors.Select(e => e.ToString()));

        var report = BankLint.Check(parsed.Rows);

        Assert.False(report.Passed);
        var messages = report.Findings.Where(f => f.IsError).Select(f => f.Message).ToList();
        Assert.Contains(messages, m => m.StartsWith("考点 probation 被多道题考查", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("题干相近", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("缺少出处", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("填空题只有一种答案写法", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("选项超过", StringComparison.Ordinal));
    }

    private static ParseResult<Question> ShippedBank()
    {
        var path = RepoRoot.PathOf("bot", "SampleData", "questions.json");
        return QuestionBankParser.Parse(File.ReadAllBytes(path), Path.GetFileName(path));
    }
}
