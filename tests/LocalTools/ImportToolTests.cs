using System.Text;
using BranchBot.Bot.Hosting;
using BranchBot.Bot.LocalTools;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchBot.Tests.LocalTools;

/// <summary>The command-line import tools against a real Redis, as a secretary or admin runs them.</summary>
public sealed class ImportToolTests : IDisposable
{
    private const string Roster = """
        姓名,手机号,组织,党小组,状态,角色
        周一,13600000001,工具党委/工具第一支部,第一小组,正式,书记
        吴二,13600000002,工具党委/工具第一支部,第一小组,预备,党员
        郑三,13600000003,工具党委/工具党总支/工具第二支部,,正式,党员
        """;

    private readonly string _prefix = RedisServer.UniquePrefix();
    private readonly string _dir = Directory.CreateTempSubdirectory("branchbot-import-").FullName;

    private WebApplicationHolder Build(string[] args) => new(BotApp.Build(
        [.. args, $"--Redis:Configuration={RedisServer.Shared.Configuration}", $"--Redis:KeyPrefix={_prefix}", "--SampleData:Enabled=false"],
        b => b.Logging.ClearProviders()));

    private async Task<(int Exit, string Output)> RunAsync(string tool, string? file, bool redis = true)
    {
        var output = new StringWriter();
        var run = new StoreTool(tool, output, redis ? a => Build(a).App : a => BotApp.Build(a, b => b.Logging.ClearProviders()));
        var exit = await run.RunAsync(file is null ? [] : [file], default);
        return (exit, output.ToString());
    }

    private string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, (encoding ?? new UTF8Encoding(false)).GetBytes(text));
        return path;
    }

    private async Task<IReadOnlyList<Member>> MembersAsync()
    {
        await using var app = Build([]).App;
        return await app.Services.GetRequiredService<IMemberStore>().ListAllAsync(default);
    }

    [Fact]
    public async Task ImportMembers_GoodFileThenReimport_AddsOnceAndUpdatesInPlace()
    {
        var (exit, output) = await RunAsync("import-members", Write("roster.csv", Roster));
        Assert.Equal(0, exit);
        Assert.Contains("新增党员 3 人，更新 0 人，新增组织 5 个", output);

        (exit, output) = await RunAsync("import-members", Write("roster.csv", Roster.Replace("吴二,13600000002,工具党委/工具第一支部,第一小组,预备,党员", "吴二,13600000002,工具党委/工具第一支部,第一小组,正式,党小组长")));
        Assert.Equal(0, exit);
        Assert.Contains("新增党员 0 人，更新 1 人，新增组织 0 个", output);

        var members = await MembersAsync();
        Assert.Equal(3, members.Count);
        var wu = Assert.Single(members, m => m.Name == "吴二");
        Assert.Equal((MemberStatus.Full, MemberRole.GroupLeader), (wu.Status, wu.Role));
    }

    [Fact]
    public async Task ImportMembers_BadRows_ReportsEveryLineAndAppliesNothing()
    {
        var bad = Roster + "\n" + """
            ,13600000004,工具党委/工具第一支部,,正式,党员
            钱四,1360000,工具党委/工具第一支部,,正式,党员
            孙五,13600000001,工具党委/工具第一支部,,正式,党员
            李六,13600000006,工具党委/工具第一支部,,候补,党员
            """;
        var (exit, output) = await RunAsync("import-members", Write("bad.csv", bad));
        Assert.Equal(1, exit);
        Assert.Contains("未导入任何数据", output);
        foreach (var line in new[] { "第 5 行", "第 6 行", "第 7 行", "第 8 行" })
        {
            Assert.Contains(line, output);
        }

        Assert.Empty(await MembersAsync());
    }

    [Fact]
    public async Task ImportMembers_GbkFileFromExcel_IsReadCorrectly()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var (exit, output) = await RunAsync("import-members", Write("gbk.csv", Roster, Encoding.GetEncoding("GB18030")));
        Assert.Equal(0, exit);
        Assert.Contains("新增党员 3 人", output);
        Assert.Contains(await MembersAsync(), m => m.Name == "郑三");
    }

    [Fact]
    public async Task ImportQuestions_JsonThenCsvWithBadRows_ImportsTheGoodFileOnly()
    {
        var (exit, output) = await RunAsync("import-questions", Write("bank.json", BranchBot.Tests.Study.StudyBot.Bank));
        Assert.Equal(0, exit);
        Assert.Contains("新增题目 5 道，更新 0 道", output);
        (_, output) = await RunAsync("import-questions", Write("bank.json", BranchBot.Tests.Study.StudyBot.Bank));
        Assert.Contains("新增题目 0 道，更新 5 道", output);

        var csv = """
            题型,题干,A,B,C,D,答案,解析,分类,难度
            单选,工具测试题（ ）。,甲,乙,,,C,解析,党章,1
            判断,工具判断题。,,,,,也许,解析,党章,1
            """;
        (exit, output) = await RunAsync("import-questions", Write("bank.csv", csv));
        Assert.Equal(1, exit);
        Assert.Contains("第 2 行", output);
        Assert.Contains("第 3 行", output);

        await using var app = Build([]).App;
        Assert.Equal(5, (await app.Services.GetRequiredService<IQuestionStore>().LoadAsync(default)).Questions.Count);
    }

    [Fact]
    public async Task Import_WithEmbeddedStore_ChecksTheFileButSavesNothing()
    {
        var (exit, output) = await RunAsync("import-members", Write("roster.csv", Roster), redis: false);
        Assert.Equal(0, exit);
        Assert.Contains("文件检查通过，共 3 行", output);
        Assert.Contains("未保存", output);
    }

    [Fact]
    public async Task Import_MissingFileOrArgument_SaysHowToUseIt()
    {
        Assert.Equal((2, true), await RunAsync("import-members", null) is var (e1, o1) ? (e1, o1.Contains("用法")) : default);
        Assert.Equal((2, true), await RunAsync("import-members", Path.Combine(_dir, "nope.csv")) is var (e2, o2) ? (e2, o2.Contains("找不到文件")) : default);
    }

    [Fact]
    public async Task RebuildRankings_EmptyStore_ReportsNothingToRebuild()
    {
        var (exit, output) = await RunAsync("rebuild-rankings", null);
        Assert.Equal(0, exit);
        Assert.Contains("0 条积分记录", output);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record WebApplicationHolder(Microsoft.AspNetCore.Builder.WebApplication App);
}
