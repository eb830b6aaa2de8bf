using BranchBot.Core.Study;

namespace BranchBot.Bot.LocalTools;

/// <summary>
/// <c>check-questions FILE</c>: reads a bank (.json or .csv) as an import would and lints it (<see cref="BankLint"/>).
/// Exit code 0 when it passes, 1 when it has errors, 2 when it cannot be read.
/// </summary>
internal sealed class CheckQuestionsTool(TextWriter output) : ILocalTool
{
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length != 1)
        {
            await output.WriteLineAsync("用法：dotnet run --project bot -- check-questions 题库文件.json|.csv");
            return 2;
        }

        byte[] file;
        try
        {
            file = await File.ReadAllBytesAsync(args[0], cancellationToken);
        }
        catch (IOException e)
        {
            await output.WriteLineAsync($"无法读取 {args[0]}：{e.Message}");
            return 2;
        }

        var parsed = QuestionBankParser.Parse(file, args[0]);
        if (!parsed.Ok)
        {
            foreach (var error in parsed.Errors)
            {
                await output.WriteLineAsync((error.Line > 0 ? $"第 {error.Line} 行：" : string.Empty) + error.Message);
            }

            return 1;
        }

        var report = BankLint.Check(parsed.Rows);
        await output.WriteLineAsync($"共 {parsed.Rows.Count} 题");
        foreach (var line in report.Summary)
        {
            await output.WriteLineAsync("  " + line);
        }

        foreach (var finding in report.Findings)
        {
            await output.WriteLineAsync((finding.IsError ? "错误：" : "提示：") + finding.Message);
        }

        await output.WriteLineAsync(report.Passed ? "检查通过。" : $"检查未通过：{report.Findings.Count(f => f.IsError)} 处错误。");
        return report.Passed ? 0 : 1;
    }
}
