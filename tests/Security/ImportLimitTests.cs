using System.Globalization;
using System.Net;
using System.Text;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;

namespace BranchBot.Tests.Security;

/// <summary>Imports that fit the work: an 8 MB roster is read and applied; above that a JSON 413, never a 500.</summary>
public sealed class ImportLimitTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Admin:ApiKeys:0:Name"] = "org",
        ["Admin:ApiKeys:0:Key"] = MeetingBot.OrgKey,
        ["Reminders:RunWorkers"] = "false",
    };

    /// <summary>A roster of about <paramref name="bytes"/> bytes (each row padded by a long group name).</summary>
    private static byte[] Roster(int members, int bytes)
    {
        var header = "姓名,手机号,组织,党小组,状态,角色\n";
        var sample = $"党员{0:D5},139{0:D8},测试党委/测试第{1:D3}支部,,正式,党员\n";
        var padChars = Math.Max(0, ((bytes - Encoding.UTF8.GetByteCount(header)) / members - Encoding.UTF8.GetByteCount(sample)) / 3);
        var group = "第一党小组" + new string('组', Math.Max(0, padChars - 5));
        var csv = new StringBuilder(header);
        for (var i = 0; i < members; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"党员{i:D5},139{i:D8},测试党委/测试第{i % 40 + 1:D3}支部,{group},正式,党员\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(BotServer bot, string path, byte[] body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MeetingBot.OrgKey);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await bot.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(15_000, 1_300_000)]
    [InlineData(50_000, 8_000_000)]
    public async Task Roster_OfOnePointThreeAndEightMegabytes_ImportsDryRunAndReal(int members, int bytes)
    {
        await using var bot = await BotServer.StartAsync(Settings);
        var file = Roster(members, bytes);
        Assert.InRange(file.Length, bytes * 0.9, 8 * 1024 * 1024);

        var (dryStatus, dry) = await PostAsync(bot, "/api/members/import?dryRun=true", file);
        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.Contains($"\"membersAdded\":{members}", dry);

        var (realStatus, real) = await PostAsync(bot, "/api/members/import", file, "import-" + members);
        Assert.Equal(HttpStatusCode.OK, realStatus);
        Assert.Contains("\"ok\":true", real);
        Assert.Contains($"\"membersAdded\":{members}", real);
    }

    [Theory]
    [InlineData("/api/members/import", null)]
    [InlineData("/api/members/import?dryRun=true", "too-big-roster-1")]
    [InlineData("/api/questions/import?name=bank.csv", null)]
    public async Task Import_AboveEightMegabytes_Is413Json(string path, string? idempotencyKey)
    {
        await using var bot = await BotServer.StartAsync(Settings);
        var (status, body) = await PostAsync(bot, path, new byte[(8 * 1024 * 1024) + 1], idempotencyKey);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("\"detail\"", body);
    }
}
