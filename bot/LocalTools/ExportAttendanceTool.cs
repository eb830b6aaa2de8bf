using System.Globalization;
using BranchBot.Adapters.Documents.Xlsx;
using BranchBot.Adapters.Redis;
using BranchBot.Bot.Hosting;
using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using Microsoft.Extensions.Options;

namespace BranchBot.Bot.LocalTools;

/// <summary>
/// <c>export-attendance --branch NAME|ID [--from 2026-11-01] [--to 2026-12-01] [--out FILE] [--xlsx]</c> or <c>--meeting ID</c>:
/// attendance as CSV (UTF-8 with BOM, so Excel opens it) or, with <c>--xlsx</c>, as an Excel workbook with the same
/// cells, from the configured Redis store.
/// </summary>
internal sealed class ExportAttendanceTool(TextWriter output, Func<string[], WebApplication>? build = null) : ILocalTool
{
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var branchArg = Option("--branch");
        var meetingArg = Option("--meeting");
        if (branchArg is null && meetingArg is null)
        {
            await output.WriteLineAsync("用法：dotnet run --project bot -- export-attendance --branch 支部名称 [--from 2026-11-01] [--to 2026-12-01] [--out 文件.csv] [--xlsx]，或 --meeting 会议ID");
            return 2;
        }

        if (!TryDate(Option("--from"), out var from) || !TryDate(Option("--to"), out var to))
        {
            await output.WriteLineAsync("日期请写成 2026-11-01。");
            return 2;
        }

        var hostArgs = args.Where(a => a.Contains('=')).ToArray();
        await using var app = (build ?? (a => BotApp.Build(a)))(hostArgs);
        var services = app.Services;
        if (!services.GetRequiredService<IOptions<RedisOptions>>().Value.Enabled)
        {
            await output.WriteLineAsync("当前使用内嵌存储（数据只在机器人进程内）：请配置 Redis:Configuration，或通过管理接口 /api/reports/attendance.csv 导出。");
            return 2;
        }

        var reports = services.GetRequiredService<AttendanceReports>();
        var xlsx = args.Contains("--xlsx");
        ReportTable table;
        if (meetingArg is not null)
        {
            if (await services.GetRequiredService<IMeetingStore>().GetMeetingAsync(meetingArg, cancellationToken) is not { } meeting)
            {
                await output.WriteLineAsync($"找不到会议 {meetingArg}。");
                return 1;
            }

            table = await reports.MeetingTableAsync(meeting, cancellationToken);
        }
        else
        {
            var units = await services.GetRequiredService<IMemberStore>().ListUnitsAsync(cancellationToken);
            if (units.FirstOrDefault(u => u.Kind == OrgUnitKind.Branch && (u.Id == branchArg || u.Name == branchArg)) is not { } branch)
            {
                await output.WriteLineAsync($"找不到支部「{branchArg}」。");
                return 1;
            }

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var start = from is { } f ? ChinaTime.FromLocal(f, TimeOnly.MinValue) : now.AddDays(-90);
            var end = to is { } t ? ChinaTime.FromLocal(t, TimeOnly.MinValue) : now;
            table = AttendanceReports.BranchTable(await reports.BranchAsync(branch.Id, start, end, cancellationToken));
        }

        var path = Option("--out") ?? $"attendance-{(meetingArg ?? branchArg)}.{(xlsx ? "xlsx" : "csv")}";
        await File.WriteAllBytesAsync(path, xlsx ? XlsxWriter.Write(table) : table.ToCsv(), cancellationToken);
        await output.WriteLineAsync($"已导出：{path}");
        return 0;
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}
