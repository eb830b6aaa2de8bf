using System.Net;
using System.Text;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.Faults;

/// <summary>Redis (append-only file, fsync every second) restarted while members keep checking in.</summary>
public sealed class RedisRestartTests
{
    [Fact]
    public async Task RedisRestartUnderLoad_BotKeepsAnsweringRecoversAndLosesNoAcknowledgedCheckIn()
    {
        var redis = RedisServer.Start("--appendonly", "yes", "--appendfsync", "everysec");
        try
        {
            await using var bot = await BotServer.StartAsync(new Dictionary<string, string?>
            {
                ["Redis:Configuration"] = redis.Configuration,
                ["Redis:OperationTimeout"] = "00:00:01",
                ["SampleData:Enabled"] = "false",
                ["Reminders:RunWorkers"] = "false",
                ["Competitions:RunTicker"] = "false",
            });
            await WaitHealthyAsync(bot, TimeSpan.FromSeconds(15));
            const int Members = 40;
            var csv = new StringBuilder("姓名,手机号,组织,党小组,状态,角色\n");
            for (var i = 0; i < Members; i++)
            {
                csv.Append($"成员{i:00},1350000{i:0000},重启党委/重启支部,,正式,党员\n");
            }

            var plan = RosterPlan.Build(RosterParser.Parse(Encoding.UTF8.GetBytes(csv.ToString())).Rows);
            var members = bot.Services.GetRequiredService<IMemberStore>();
            await members.ImportAsync(plan, default);
            foreach (var (member, i) in plan.Members.Select((m, i) => (m, i)))
            {
                await members.BindOpenIdAsync(member.Id, $"oRestart{i:00}", default);
            }

            var meeting = (await bot.Services.GetRequiredService<MeetingScheduler>().CreateAsync(
                new MeetingDraft(plan.Units.Single(u => u.Kind == OrgUnitKind.Branch).Id, MeetingType.PartyCongress, DateTimeOffset.UtcNow.AddMinutes(10), "会议室"), "test", default)).Meeting!;
            var code = CheckInCode.At(meeting, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30));

            var acknowledged = new List<string>();
            var sawOutage = false;
            var sawBusyReply = false;
            for (var i = 0; i < Members; i++)
            {
                if (i == 15)
                {
                    redis.Stop();
                }

                if (i == 25)
                {
                    // Back up: the bot must reconnect by itself within seconds.
                    redis.Restart();
                    await WaitHealthyAsync(bot, TimeSpan.FromSeconds(15));
                }

                if (i is > 15 and < 25)
                {
                    using var health = await bot.Http.GetAsync("/healthz");
                    sawOutage |= health.StatusCode == HttpStatusCode.ServiceUnavailable;
                }

                using var response = await bot.PostAsync(bot.TextXml($"oRestart{i:00}", "签到 " + CheckInCode.At(meeting, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30))), $"oRestart{i:00}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var reply = bot.Composer.ReadReply(await response.Content.ReadAsStringAsync());
                if (reply.Content?.StartsWith("✅ 签到成功", StringComparison.Ordinal) == true)
                {
                    acknowledged.Add(plan.Members[i].Id);
                }
                else if (i is >= 15 and < 25)
                {
                    // The member is told to send it again; nothing was recorded, so the resend is safe.
                    Assert.True(reply.Content?.StartsWith("系统繁忙", StringComparison.Ordinal) == true || reply.IsSuccess, "during the outage: " + reply.Content);
                    sawBusyReply |= reply.Content?.StartsWith("系统繁忙", StringComparison.Ordinal) == true;
                }
            }

            Assert.True(sawOutage, "/healthz never reported the outage");
            Assert.True(sawBusyReply, "no member was told the service is busy during the outage");
            Assert.True(acknowledged.Count >= 30, $"only {acknowledged.Count} check-ins were acknowledged");
            var records = await bot.Services.GetRequiredService<IMeetingStore>().GetAttendanceAsync(meeting.Id, default);
            Assert.All(acknowledged, id => Assert.Equal(AttendanceStatus.Present, records.Single(r => r.MemberId == id).Status));
        }
        finally
        {
            redis.Dispose();
        }
    }

    private static async Task WaitHealthyAsync(BotServer bot, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while ((await bot.Http.GetAsync("/healthz")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the bot's store was not healthy within {limit.TotalSeconds:0} s");
            await Task.Delay(100);
        }
    }
}
