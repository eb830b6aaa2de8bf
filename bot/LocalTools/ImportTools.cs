using BranchBot.Adapters.Redis;
using BranchBot.Bot.Hosting;
using BranchBot.Core.Common;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.LocalTools;

/// <summary>
/// <c>import-members FILE</c>, <c>import-questions FILE</c> and <c>rebuild-rankings</c>: work on the configured store.
/// A file with any bad row is reported row by row and nothing of it is applied. With the embedded store (which
/// lives inside the running bot) the file is only checked.
/// </summary>
internal sealed class StoreTool(string name, TextWriter output, Func<string[], WebApplication>? build = null) : ILocalTool
{
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var file = name == "rebuild-rankings" ? null : args.FirstOrDefault(a => !a.StartsWith('-'));
        if (name != "rebuild-rankings" && file is null)
        {
            await output.WriteLineAsync($"用法：dotnet run --project bot -- {name} 文件路径");
            return 2;
        }

        await using var app = (build ?? (a => BotApp.Build(a)))(args.Where(a => a != file && !a.StartsWith("--mark-missing", StringComparison.Ordinal)).ToArray());
        var services = app.Services;
        var embedded = !services.GetRequiredService<IOptions<RedisOptions>>().Value.Enabled;
        if (name == "rebuild-rankings")
        {
            var outcome = await services.GetRequiredService<RankingRebuild>().RunAsync(cancellationToken);
            await output.WriteLineAsync($"排行已按积分流水重建：{outcome.LedgerEntries} 条积分记录，{outcome.Boards} 个排行榜。");
            return 0;
        }

        if (!File.Exists(file))
        {
            await output.WriteLineAsync($"找不到文件：{file}");
            return 2;
        }

        var bytes = await File.ReadAllBytesAsync(file!, cancellationToken);
        var sheets = services.GetRequiredService<ISpreadsheetReader>();
        return name == "import-members"
            ? await ImportMembersAsync(services.GetRequiredService<RosterImport>(), sheets, bytes, embedded, MarkMissing(args), cancellationToken)
            : await ImportQuestionsAsync(services.GetRequiredService<IQuestionStore>(), sheets, bytes, file!, embedded, cancellationToken);
    }

    /// <summary><c>--mark-missing</c> (转出) or <c>--mark-missing=停止党籍</c>…: null when absent, Active when the value is unknown.</summary>
    private static MemberStanding? MarkMissing(string[] args)
    {
        var flag = args.FirstOrDefault(a => a == "--mark-missing" || a.StartsWith("--mark-missing=", StringComparison.Ordinal));
        return flag is null ? null
            : flag == "--mark-missing" ? MemberStanding.TransferredOut
            : MemberStandings.Parse(flag["--mark-missing=".Length..]) ?? MemberStanding.Active;
    }

    private async Task<int> ImportMembersAsync(RosterImport import, ISpreadsheetReader sheets, byte[] bytes, bool embedded, MemberStanding? markMissing, CancellationToken cancellationToken)
    {
        if (markMissing == MemberStanding.Active)
        {
            await output.WriteLineAsync("--mark-missing 的值应为 " + MemberStandings.DepartureCodes + " 之一（不写值即为转出）");
            return 2;
        }

        var parsed = RosterParser.Parse(bytes, sheets);
        if (!await ReportAsync(parsed.Errors, parsed.Rows.Count, embedded))
        {
            return parsed.Ok ? 0 : 1;
        }

        var policy = markMissing is { } standing ? new MissingPolicy(standing, "import-members") : MissingPolicy.Keep;
        var report = await import.RunAsync(bytes, null, false, policy, cancellationToken);
        await output.WriteLineAsync($"导入完成：新增党员 {report.MembersAdded} 人，更新 {report.MembersUpdated} 人，新增组织 {report.UnitsAdded} 个。");
        if (report.Missing.Count > 0)
        {
            await output.WriteLineAsync(markMissing is null
                ? $"名单中没有、但仍在册的党员 {report.Missing.Count} 人（已保留；如已转出，请加 --mark-missing 再导入一次）："
                : $"名单中没有的党员 {report.Missing.Count} 人，已标记为{MemberStandings.NameOf(markMissing.Value)}：");
            foreach (var missing in report.Missing)
            {
                await output.WriteLineAsync($"  {missing.Member.Name}（{Members.MemberEndpoints.Mask(missing.Member.Phone)}）{(missing.Refusal is { } why ? "：未标记，" + why : string.Empty)}");
            }
        }

        return 0;
    }

    private async Task<int> ImportQuestionsAsync(IQuestionStore store, ISpreadsheetReader sheets, byte[] bytes, string file, bool embedded, CancellationToken cancellationToken)
    {
        var parsed = QuestionBankParser.Parse(bytes, file, sheets);
        if (!await ReportAsync(parsed.Errors, parsed.Rows.Count, embedded))
        {
            return parsed.Ok ? 0 : 1;
        }

        var outcome = await store.UpsertAsync(parsed.Rows, cancellationToken);
        await output.WriteLineAsync($"导入完成：新增题目 {outcome.Added} 道，更新 {outcome.Updated} 道。各实例 15 秒内生效。");
        return 0;
    }

    /// <summary>Prints the errors or the count; true when the rows should be applied.</summary>
    private async Task<bool> ReportAsync(IReadOnlyList<ImportError> errors, int rows, bool embedded)
    {
        if (errors.Count > 0)
        {
            await output.WriteLineAsync($"文件有 {errors.Count} 处错误，未导入任何数据：");
            foreach (var error in errors)
            {
                await output.WriteLineAsync("  " + error);
            }

            return false;
        }

        if (embedded)
        {
            await output.WriteLineAsync($"文件检查通过，共 {rows} 行。当前使用内嵌存储（数据只在机器人进程内），未保存：请配置 Redis:Configuration 后再导入。");
            return false;
        }

        return true;
    }
}
