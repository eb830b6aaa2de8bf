using System.Net;
using System.Text;
using BranchBot.Core.Bulletins;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Ratings;
using BranchBot.Tests.Meetings;
using DocumentFormat.OpenXml.Packaging;

namespace BranchBot.Tests.Bulletins;

/// <summary>The monthly bulletin end to end on real Redis: when it goes out, once on three instances, and with the reports' numbers.</summary>
public sealed class BulletinTests
{
    [Fact]
    public async Task Bulletin_OnThreeInstancesSharingAClock_IsStoredOnce_SentOncePerSecretary_AndPostedOnce()
    {
        var clock = BulletinBot.November();
        var robot = new RecordingRobot();
        await using var first = await BulletinBot.StartAsync(clock, robot);
        await using var second = await BulletinBot.StartAsync(clock, robot, first.Prefix);
        await using var third = await BulletinBot.StartAsync(clock, robot, first.Prefix);
        var bots = new[] { first, second, third };
        await BulletinBot.SeedNovemberAsync(first);

        // Tuesday 1 December 2026, 08:30 China time: the first working day, before SendAt (09:00).
        clock.Advance(new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.Zero) - clock.GetUtcNow());
        Assert.All(await Task.WhenAll(bots.Select(b => b.Get<BulletinService>().RunOnceAsync(default))), r => Assert.Null(r.PeriodKey));

        clock.Advance(TimeSpan.FromHours(1));
        for (var round = 0; round < 2; round++)
        {
            await Task.WhenAll(bots.Select(b => b.Get<BulletinService>().RunOnceAsync(default)));
            await Task.WhenAll(bots.Select(b => b.DispatchAsync()));
        }

        Assert.Equal(["2026-11"], (await first.Get<IBulletinStore>().ListBulletinsAsync(default)).Select(b => b.PeriodKey));
        var notices = bots.SelectMany(b => b.Templates).Select(t => (t.Json["touser"]!.GetValue<string>(), t.Json["data"]!["thing1"]!["value"]!.GetValue<string>()))
            .Where(t => t.Item2.Contains("工作通报", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal([("oWang", "2026年11月工作通报"), ("oZhou", "2026年11月工作通报")], notices);
        Assert.All(bots.SelectMany(b => b.Templates).Where(t => t.Json["data"]!["thing1"]!["value"]!.GetValue<string>().Contains("工作通报", StringComparison.Ordinal)),
            t => Assert.Equal(BulletinBot.Link, t.Json["url"]!.GetValue<string>()));

        var post = Assert.Single(robot.Posts);
        Assert.Equal((BulletinBot.Robot, "bulletin:2026-11:1"), (post.Url, post.Topic));
        Assert.StartsWith("# 2026年11月组织生活通报", post.Markdown);
        Assert.Contains("[查看完整通报](" + BulletinBot.Link + ")", post.Markdown);
        Assert.True(Encoding.UTF8.GetByteCount(post.Markdown) <= 4096);
    }

    [Fact]
    public async Task BulletinNumbers_EqualTheAttendanceReport_ComplianceStatus_And补学OfTheSameMonth()
    {
        var clock = BulletinBot.November();
        var robot = new RecordingRobot();
        await using var bot = await BulletinBot.StartAsync(clock, robot);
        var meeting = await BulletinBot.SeedNovemberAsync(bot);
        clock.Advance(new DateTimeOffset(2026, 12, 1, 1, 30, 0, TimeSpan.Zero) - clock.GetUtcNow());

        var run = await bot.Get<BulletinService>().RunOnceAsync(default);
        Assert.Equal(("2026-11", 2, 1), (run.PeriodKey, run.Notices, run.RobotPosts));
        var bulletin = (await bot.Get<IBulletinStore>().GetBulletinAsync("2026-11", default))!;
        var branch = await bot.BranchIdAsync("测试第一支部");
        var row = bulletin.Rows.Single(r => r.BranchId == branch);

        // The attendance report of the same branch and month.
        var november = RatingPeriod.Parse("2026-11")!;
        var report = await bot.Get<AttendanceReports>().BranchAsync(branch, november.Start, november.End, default);
        Assert.Equal((report.Sum(r => r.Expected), report.Sum(r => r.Present), report.Sum(r => r.Leave)), (row.Expected, row.Present, row.Leave));
        Assert.Equal((4, 2, 1), (row.Expected, row.Present, row.Leave));
        Assert.Equal(2.0 / 3, row.AttendanceRate, 6);

        // 三会一课 as the compliance status judged it on the month's last moment (monthly rules; November closes no quarter).
        var options = bot.Get<ComplianceOptions>();
        var monthly = new ComplianceOptions { Rules = string.Join(",", options.Rules.Split(',').Where(r => r.Contains(":month", StringComparison.Ordinal))) };
        var groups = (await bot.Get<IMemberStore>().ListUnitsAsync(default)).Where(u => u.Kind == OrgUnitKind.Group && u.ParentId == branch).ToList();
        var meetings = await bot.Get<IMeetingStore>().ListByBranchAsync(branch, november.Start, november.End, default);
        var status = ComplianceStatus.Of(meetings, november.End.AddTicks(-1), monthly, groups);
        Assert.Equal((status.Count(i => i.Status == ComplianceState.Held), status.Count), (row.MeetingsHeld, row.MeetingsDue));
        Assert.Equal((1, 4), (row.MeetingsHeld, row.MeetingsDue));
        Assert.Equal(new[] { "党小组会（第一小组）", "党小组会（第二小组）", "支委会" }.Order(StringComparer.Ordinal), row.MissedRules.Order(StringComparer.Ordinal));

        // 补学 owed as the meeting's tasks stand.
        var owed = (await bot.Get<IMakeUpStore>().ListForMeetingAsync(meeting.Id, default)).Count(t => t.State == MakeUpState.Owed);
        Assert.Equal((2, 2), (owed, row.MakeUpOwed));

        // The same numbers in the stars of the month, the secretary's notice, the robot's post and the .docx.
        var stars = (await bot.Get<RatingService>().BranchAsync(branch, november, default))!;
        Assert.True(stars.Final);
        Assert.Equal((stars.Count, stars.Figures.MeetingsHeld, stars.Figures.Expected), (row.Stars, row.MeetingsHeld, row.Expected));
        var text = BulletinComposer.SecretaryText(bulletin, row, BulletinBot.Link);
        Assert.Contains("三会一课已召开 1/4 次，出勤率 67%，补学待完成 2 人次", text);
        Assert.Contains("测试第一支部** 三会一课 1/4，出勤 67%，补学待完成 2", Assert.Single(robot.Posts).Markdown);

        using var response = await bot.Bot.Http.SendAsync(bot.AdminRequest(HttpMethod.Get, "/api/bulletins/2026-11/document"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var cells = document.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableRow>()
            .Select(r => r.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().Select(t => t.Text).ToList()).ToList();
        Assert.Contains(cells, c => c.SequenceEqual(["测试第一支部", "未设置", "1/4", "67%", "2", "0%", $"{row.Stars} 星", string.Join("、", row.MissedRules)]));
    }

    [Theory]
    [InlineData("2026-12-01", "2026-12-01")]
    [InlineData("2026-08-01", "2026-08-03")]
    [InlineData("2027-01-01", "2027-01-04")]
    [InlineData("2026-10-01", "2026-10-09")]
    [InlineData("2026-02-01", "2026-02-01")]
    public void FirstWorkingDay_SkipsWeekendsAndHolidays_AndCounts调休Days(string month, string expected)
    {
        var calendar = new WorkingCalendar(new BulletinOptions
        {
            Holidays = ["2027-01-01", .. Enumerable.Range(1, 8).Select(d => $"2026-10-0{d}")],
            WorkingDays = ["2026-02-01"],
        });
        var m = DateOnly.Parse(month, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), calendar.FirstWorkingDay(m.Year, m.Month));
    }

    [Fact]
    public void Markdown_OfAManyBranchBulletin_StaysUnderTheRobotsLimit_ListingThoseBehindFirst()
    {
        var rows = Enumerable.Range(0, 300).Select(i => new BulletinRow($"b{i:000}", $"第{i:000}党支部", "机关", 3, 4, 10, 9, 0, 0.9, 0, 5, 10, 6,
            i % 50 == 7 ? ["支委会"] : [], [])).ToList();
        var bulletin = new Bulletin("2026-11", "2026年11月", DateTimeOffset.UnixEpoch, new BulletinTotals(300, 900, 1200, 3000, 2700, 0, 0, 1500, 3000, 6), rows);

        var parts = BulletinComposer.Markdown(bulletin, 3, BulletinBot.Link);

        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= 4096, Encoding.UTF8.GetByteCount(p).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(rows.Where(r => r.MissedRules.Count > 0), r => Assert.Contains("**" + r.BranchName + "**", parts[0]));
        Assert.Contains("个党支部本月三会一课均已落实", parts[^1]);
        Assert.EndsWith("[查看完整通报](" + BulletinBot.Link + ")\n", parts[^1]);
        Assert.Single(BulletinComposer.Markdown(bulletin with { Rows = rows.Take(5).ToList() }, 3, null));
    }

    [Fact]
    public async Task ChatCommands_SecretaryReadsTheLatestBulletinAndTheStars_AMemberIsRefused()
    {
        var clock = BulletinBot.November();
        await using var bot = await BulletinBot.StartAsync(clock, new RecordingRobot());
        await BulletinBot.SeedNovemberAsync(bot);

        Assert.Equal("尚未发布工作通报。通报于每月第一个工作日发布上月情况。", await bot.SayAsync("oWang", "通报"));

        clock.Advance(new DateTimeOffset(2026, 12, 1, 1, 30, 0, TimeSpan.Zero) - clock.GetUtcNow());
        await bot.Get<BulletinService>().RunOnceAsync(default);
        var row = (await bot.Get<IBulletinStore>().GetBulletinAsync("2026-11", default))!.Rows.Single(r => r.BranchName == "测试第一支部");
        var reply = await bot.SayAsync("oWang", "通报");
        Assert.StartsWith("【工作通报】测试第一支部2026年11月：三会一课已召开 " + row.MeetingsHeld + "/" + row.MeetingsDue + " 次", reply);
        Assert.Contains("补学待完成 " + row.MakeUpOwed + " 人次", reply);
        Assert.EndsWith("详情请查看：" + BulletinBot.Link, reply);

        var stars = await bot.Get<RatingService>().BranchAsync(await bot.BranchIdAsync("测试第一支部"), RatingPeriod.Containing(clock.GetUtcNow(), CompliancePeriod.Quarter), default);
        var starsReply = await bot.SayAsync("oWang", "星级");
        Assert.StartsWith($"⭐ 测试第一支部{stars!.PeriodLabel}星级：{stars.Count} 星（{stars.Grade}）", starsReply);
        Assert.Contains("基本保障和特色星由党委评定", starsReply);
        foreach (var missing in stars.Stars.Where(s => !s.Awarded && !StarNames.IsAwarded(s.Kind)))
        {
            Assert.Contains("未获得" + missing.Name + "：", starsReply);
        }

        Assert.Equal("抱歉，该功能仅对支部书记开放。", await bot.SayAsync("oZhaoYi", "通报"));
        Assert.Equal("抱歉，该功能仅对支部书记开放。", await bot.SayAsync("oZhaoYi", "星级"));
    }
}
