using System.Text;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Study;

/// <summary>A bot on real Redis with a small known roster and question bank, and a member who answers on purpose.</summary>
public sealed class StudyBot : IAsyncDisposable
{
    public const string Roster = """
        姓名,手机号,组织,党小组,状态,角色
        王书记,13800000001,测试党委/测试第一支部,第一小组,正式,书记
        赵一,13800000002,测试党委/测试第一支部,第一小组,正式,党员
        钱二,13800000003,测试党委/测试第一支部,第二小组,预备,党员
        孙三,13800000004,测试党委/测试第二支部,,正式,党员
        李重名,13800001234,测试党委/测试第一支部,,正式,党员
        李重名,13900001234,测试党委/测试第二支部,,正式,党员
        """;

    public const string Bank = """
        {"version":1,"questions":[
          {"type":"单选","stem":"测试单选题一（ ）。","options":["甲","乙","丙"],"answer":"B","explanation":"乙是对的。","category":"党章","difficulty":1},
          {"type":"多选","stem":"测试多选题（ ）。","options":["甲","乙","丙","丁"],"answer":"AC","explanation":"甲和丙。","category":"党史","difficulty":2},
          {"type":"判断","stem":"测试判断题：一加一等于二。","options":[],"answer":"对","explanation":"算术常识。","category":"时事","difficulty":1},
          {"type":"填空","stem":"测试填空题：党的最高领导机关是党的全国代表大会和它所产生的____。","options":[],"answer":"中央委员会|中央委","explanation":"见党章。","category":"党章","difficulty":1},
          {"type":"单选","stem":"测试单选题二（ ）。","options":["一","二","三","四"],"answer":"D","explanation":"选四。","category":"廉洁纪律","difficulty":1}
        ]}
        """;

    private StudyBot(BotServer bot, string prefix)
    {
        Bot = bot;
        Prefix = prefix;
    }

    public BotServer Bot { get; }

    public string Prefix { get; }

    public QuestionBank Questions => Bot.Services.GetRequiredService<QuestionBankCache>().Current;

    public static async Task<StudyBot> StartAsync(IDictionary<string, string?>? settings = null, string? prefix = null, string roster = Roster, TimeProvider? clock = null)
    {
        prefix ??= RedisServer.UniquePrefix();
        var all = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = RedisServer.Shared.Configuration,
            ["Redis:KeyPrefix"] = prefix,
            ["SampleData:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var bot = await BotServer.StartAsync(all, clock: clock);
        var services = bot.Services;
        var members = RosterParser.Parse(Encoding.UTF8.GetBytes(roster));
        Assert.True(members.Ok, string.Join("; ", members.Errors));
        await services.GetRequiredService<IMemberStore>().ImportAsync(RosterPlan.Build(members.Rows), default);
        var bank = QuestionBankParser.ParseJson(Bank);
        Assert.True(bank.Ok, string.Join("; ", bank.Errors));
        await services.GetRequiredService<IQuestionStore>().UpsertAsync(bank.Rows, default);
        await services.GetRequiredService<QuestionBankCache>().RefreshAsync(default);
        return new StudyBot(bot, prefix);
    }

    public Task<string?> SayAsync(string openId, string text) => Bot.SayAsync(openId, text);

    public async Task BindAsync(string openId, string name, string lastFour)
    {
        var reply = await SayAsync(openId, $"绑定 {name} {lastFour}");
        Assert.Contains("绑定成功", reply);
    }

    /// <summary>Binds a 党小组长 or higher the only way they may: with a code, here issued as the console would.</summary>
    public async Task BindWithCodeAsync(string openId, string phone)
    {
        var member = (await Bot.Services.GetRequiredService<IMemberStore>().ListAllAsync(default)).Single(m => m.Phone == phone);
        var code = await Bot.Services.GetRequiredService<BindingCodes>().IssueAsync(member.Id, default);
        Assert.Contains("绑定成功", await SayAsync(openId, "绑定 " + code));
    }

    /// <summary>The question a reply asks (the stem under its last 【…】 header).</summary>
    public Question CurrentQuestion(string reply)
    {
        var lines = reply.Split('\n');
        var header = Array.FindLastIndex(lines, l => l.StartsWith('【'));
        Assert.True(header >= 0, "no question in: " + reply);
        return Questions.All.Single(q => q.Stem == lines[header + 1]);
    }

    /// <summary>A reply a member would type: right (in a loose but valid form) or wrong.</summary>
    public static string AnswerFor(Question q, bool right) => (q.Type, right) switch
    {
        (QuestionType.Single, true) => q.Answer.ToLowerInvariant(),
        (QuestionType.Single, false) => q.Answer == "A" ? "B" : "A",
        (QuestionType.Multiple, true) => string.Join(" ", q.Answer.ToCharArray()),
        (QuestionType.Multiple, false) => q.Answer[..1],
        (QuestionType.TrueFalse, true) => q.Answer == "对" ? "√" : "×",
        (QuestionType.TrueFalse, false) => q.Answer == "对" ? "错" : "对",
        (_, true) => " " + q.Answer.Split('|')[0].Normalize(NormalizationForm.FormKC) + "。",
        _ => "不知道",
    };

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}
