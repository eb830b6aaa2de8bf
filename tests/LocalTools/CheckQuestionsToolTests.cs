using System.Text;
using BranchBot.Bot.LocalTools;
using BranchBot.Tests.Infrastructure;

namespace BranchBot.Tests.LocalTools;

/// <summary>check-questions: the shipped bank passes, a bad or twin-ridden bank fails with its findings, a missing file is said so.</summary>
public sealed class CheckQuestionsToolTests
{
    [Fact]
    public async Task ShippedBank_Passes()
    {
        var output = new StringWriter();
        Assert.Equal(0, await new CheckQuestionsTool(output).RunAsync([RepoRoot.PathOf("bot", "SampleData", "questions.json")], default));
        Assert.Contains("检查通过", output.ToString());
        Assert.Contains("党史：", output.ToString());
    }

    [Fact]
    public async Task BankWithARowErrorOrASingleFormFillIn_FailsAndSaysWhere()
    {
        var file = Path.Combine(Path.GetTempPath(), "bank-" + Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllTextAsync(file, "题型,题干,A,B,答案,分类,出处\n单选,党员的预备期为（ ）。,半年,一年,E,党章,党章第七条\n", Encoding.UTF8);
        var output = new StringWriter();
        Assert.Equal(1, await new CheckQuestionsTool(output).RunAsync([file], default));
        Assert.Contains("第 2 行", output.ToString());

        await File.WriteAllTextAsync(file, "题型,题干,答案,分类,出处\n填空,1935年1月召开的（ ）会议确立了毛泽东的领导地位。,遵义,党史,党史公开史料\n", Encoding.UTF8);
        output = new StringWriter();
        Assert.Equal(1, await new CheckQuestionsTool(output).RunAsync([file], default));
        Assert.Contains("错误：填空题只有一种答案写法", output.ToString());
        File.Delete(file);
    }

    [Fact]
    public async Task MissingFileOrNoArgument_IsUsageOrReadError()
    {
        var output = new StringWriter();
        Assert.Equal(2, await new CheckQuestionsTool(output).RunAsync([], default));
        Assert.Contains("用法", output.ToString());
        Assert.Equal(2, await new CheckQuestionsTool(output).RunAsync(["/no/such/bank.json"], default));
        Assert.Contains("无法读取", output.ToString());
    }
}
