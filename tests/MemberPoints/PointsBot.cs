using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BranchBot.Core.Members;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.MemberPoints;

/// <summary>
/// The meeting test bot with a roster that has a 副书记 (周副, bound as oZhou) beside 王书记, and a console key for
/// 测试第一支部 besides the organisation's and 测试第二支部's.
/// </summary>
internal static class PointsBot
{
    public const string Branch1Key = "branch1-key-0123456789abcdef-ghijkl";

    public const string Roster = """
        姓名,手机号,组织,党小组,状态,角色
        王书记,13800000001,测试党委/测试第一支部,第一小组,正式,书记
        赵一,13800000002,测试党委/测试第一支部,第一小组,正式,党员
        钱二,13800000003,测试党委/测试第一支部,第二小组,预备,党员
        孙三,13800000004,测试党委/测试第二支部,,正式,党员
        周副,13800000005,测试党委/测试第一支部,,正式,副书记
        """;

    public static readonly string Wang = MeetingBot.MemberId("13800000001");
    public static readonly string Zhao = MeetingBot.MemberId("13800000002");
    public static readonly string Qian = MeetingBot.MemberId("13800000003");
    public static readonly string Sun = MeetingBot.MemberId("13800000004");
    public static readonly string Zhou = MeetingBot.MemberId("13800000005");

    public static string Branch1 { get; } = RosterPlan.Build(RosterParser.Parse(Encoding.UTF8.GetBytes(Roster)).Rows).Units.Single(u => u.Name == "测试第一支部").Id;

    public static async Task<MeetingBot> StartAsync(string? prefix = null, Infrastructure.ManualClock? clock = null)
    {
        var bot = await MeetingBot.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:ApiKeys:2:Name"] = "branch1",
            ["Admin:ApiKeys:2:Key"] = Branch1Key,
            ["Admin:ApiKeys:2:BranchId"] = Branch1,
        }, prefix, clock, roster: Roster);
        await bot.Get<IMemberStore>().BindOpenIdAsync(Zhou, "oZhou", default);
        return bot;
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> ApiAsync(this MeetingBot bot, HttpMethod method, string path, string? key = MeetingBot.OrgKey, string? json = null)
    {
        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(method, path, key, json));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text) : null);
    }
}
