using System.Text;
using BranchBot.Core.Audit;
using BranchBot.Core.Members;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Study;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Security;

/// <summary>
/// A roster with every role in one branch: 王书记 (书记), 陈委员 (组织委员), 周管理 (管理员), 孙组长 (党小组长) and
/// 赵一 (党员) in 测试第一支部; 孙三 (党员) and 李书记 (书记) in 测试第二支部. <see cref="Branch1Key"/> is the first
/// branch's admin API key.
/// </summary>
internal static class TrustBot
{
    public const string Branch1Key = "branch1-key-0123456789abcdef-0123456789";

    public const string Roster = """
        姓名,手机号,组织,党小组,状态,角色
        王书记,13800000001,测试党委/测试第一支部,第一小组,正式,书记
        赵一,13800000002,测试党委/测试第一支部,第一小组,正式,党员
        陈委员,13800000003,测试党委/测试第一支部,第一小组,正式,组织委员
        周管理,13800000009,测试党委/测试第一支部,第一小组,正式,管理员
        孙组长,13800000005,测试党委/测试第一支部,第一小组,正式,党小组长
        孙三,13800000004,测试党委/测试第二支部,,正式,党员
        李书记,13800000006,测试党委/测试第二支部,,正式,书记
        """;

    public static string Branch1Id => RosterPlan.Build(RosterParser.Parse(Encoding.UTF8.GetBytes(Roster)).Rows).Units.Single(u => u.Name == "测试第一支部").Id;

    public static Task<StudyBot> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Admin:ApiKeys:0:Name"] = "org",
            ["Admin:ApiKeys:0:Key"] = MeetingBot.OrgKey,
            ["Admin:ApiKeys:1:Name"] = "branch1",
            ["Admin:ApiKeys:1:Key"] = Branch1Key,
            ["Admin:ApiKeys:1:BranchId"] = Branch1Id,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return StudyBot.StartAsync(all, roster: Roster);
    }

    public static async Task<Member> MemberAsync(this StudyBot bot, string phone) =>
        (await bot.Bot.Services.GetRequiredService<IMemberStore>().ListAllAsync(default)).Single(m => m.Phone == phone);

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(this StudyBot bot) =>
        await bot.Bot.Services.GetRequiredService<IAuditLog>().ListAsync(null, 100, default);

    public static async Task<(System.Net.HttpStatusCode Status, string Body)> CallAsync(this StudyBot bot, HttpMethod method, string path, string key, byte[]? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        using var response = await bot.Bot.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
