using System.Text;
using BranchBot.Bot.Hosting;
using BranchBot.Bot.LocalTools;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.LocalTools;

public sealed class ExportAttendanceToolTests
{
    [Fact]
    public async Task Export_BranchAndMeeting_WriteExcelReadyCsv()
    {
        await using var bot = await MeetingBot.StartAsync();
        var meeting = await bot.ScheduleAsync(TimeSpan.FromMinutes(20));
        await bot.Get<BranchBot.Core.Meetings.AttendanceService>().CheckInAsync(meeting, MeetingBot.MemberId("13800000002"), BranchBot.Core.Meetings.CheckInMethod.BySecretary, default);
        var dir = Directory.CreateTempSubdirectory("branchbot-export-").FullName;
        try
        {
            var output = new StringWriter();
            var tool = new ExportAttendanceTool(output, a => BotApp.Build(
                [.. a, $"--Redis:Configuration={RedisServer.Shared.Configuration}", $"--Redis:KeyPrefix={bot.Prefix}", "--SampleData:Enabled=false", "--Reminders:RunWorkers=false"],
                b => b.Logging.ClearProviders()));

            var branchFile = Path.Combine(dir, "branch.csv");
            Assert.Equal(0, await tool.RunAsync(["--branch", "测试第一支部", "--from", "2026-11-01", "--to", "2026-12-31", "--out", branchFile], default));
            var bytes = await File.ReadAllBytesAsync(branchFile);
            Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
            Assert.Contains("赵一,1,1,0,0,0,100%", Encoding.UTF8.GetString(bytes));

            var meetingFile = Path.Combine(dir, "meeting.csv");
            Assert.Equal(0, await tool.RunAsync(["--meeting", meeting.Id, "--out", meetingFile], default));
            Assert.Contains("书记代签", await File.ReadAllTextAsync(meetingFile));

            // --xlsx: the same cells as an Excel workbook.
            var workbook = Path.Combine(dir, "meeting.xlsx");
            Assert.Equal(0, await tool.RunAsync(["--meeting", meeting.Id, "--out", workbook, "--xlsx"], default));
            var sheet = OfficeFiles.ReadXlsx(await File.ReadAllBytesAsync(workbook));
            Assert.Contains(sheet.Rows, r => r[2] is "赵一" && r[7] is "书记代签");
            Assert.Equal(0, await tool.RunAsync(["--branch", "测试第一支部", "--from", "2026-11-01", "--to", "2026-12-31", "--out", workbook, "--xlsx"], default));
            Assert.Contains(OfficeFiles.ReadXlsx(await File.ReadAllBytesAsync(workbook)).Rows, r => r[0] is "赵一" && r[1] is 1.0 && r[6] is "100%");

            Assert.Equal(1, await tool.RunAsync(["--branch", "没有这个支部"], default));
            Assert.Equal(2, await tool.RunAsync(["--branch", "测试第一支部", "--from", "11/01"], default));
            Assert.Equal(2, await tool.RunAsync([], default));
            Assert.Contains("找不到支部", output.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
