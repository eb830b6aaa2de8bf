using System.Collections;
using System.Net;
using System.Reflection;
using BranchBot.Adapters.Memory;
using BranchBot.Core.Audit;
using BranchBot.Core.Meetings;
using BranchBot.Core.MemberPoints;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;
using BranchBot.Core.Study;
using BranchBot.Core.Talks;
using BranchBot.Tests.Admin;
using BranchBot.Tests.Infrastructure;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Storage;
using StackExchange.Redis;

namespace BranchBot.Tests.Members;

/// <summary>
/// 删除个人信息 (个人信息保护法 第四十七条): after the admin's erasure, a scan of every key and value finds neither the
/// phone, the openid nor the old member id, while the branch's attendance and study figures are unchanged.
/// </summary>
public sealed class MemberErasureTests
{
    private const string Phone = "13800000002";
    private const string OpenId = "oZhaoYi";
    private static readonly string Zhao = MeetingBot.MemberId(Phone);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Erase_OnRedis_LeavesNoPhoneOpenIdOrOldIdInAnyKey_AndEveryBranchFigureUnchanged(bool cluster)
    {
        // On the cluster the keys lie on three primaries and a renamed key may change slot.
        var redis = cluster ? RedisCluster.Shared.Configuration : RedisServer.Shared.Configuration;
        await using var bot = await MeetingBot.StartAsync(
            cluster ? new Dictionary<string, string?> { ["Redis:Configuration"] = redis } : null,
            clock: new ManualClock(new DateTimeOffset(2026, 10, 20, 2, 0, 0, TimeSpan.Zero)));
        var branch = await bot.BranchIdAsync("测试第一支部");

        // History in many places: attendance (checked in by the secretary), study points and rankings, a chat session,
        // a binding code, reminders, delivery outcomes and an audit entry naming the member.
        var meeting = await bot.ScheduleAsync(TimeSpan.FromDays(1));
        await bot.Get<AttendanceService>().RequestLeaveAsync(meeting, Zhao, "出差", default);
        await bot.CallAsync(HttpMethod.Post, $"/api/meetings/{meeting.Id}/leave/{Zhao}/approve");
        bot.Clock.Advance(TimeSpan.FromHours(23));
        await bot.DispatchAsync();
        await bot.Get<IStudyStore>().RecordAsync(new StudyRecord(Zhao, new PointsAward("q:" + Zhao + ":1", "daily", 3, 10, bot.Clock.GetUtcNow()), null), default);
        await bot.Get<IRankingStore>().ApplyAsync([new RankingUpdate(Zhao, branch, 3, bot.Clock.GetUtcNow())], default);
        await bot.SayAsync(OpenId, "积分");
        await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/binding-code");
        bot.Clock.Advance(TimeSpan.FromDays(2));
        var next = await bot.ScheduleAsync(TimeSpan.FromDays(3));

        // The later work: the closed meeting's 党员积分 and 补学, 志愿服务, a 谈心谈话 and a photo for the record.
        await bot.Get<AttendanceService>().CloseAsync((await bot.Get<IMeetingStore>().GetMeetingAsync(meeting.Id, default))!, default);
        var now = bot.Clock.GetUtcNow();
        Assert.True((await bot.Get<MemberPointsRecorder>().RecordVolunteerAsync(Zhao, branch, 2, "社区义务植树", "王书记", now, default)).Added);
        Assert.True((await bot.Get<TalkService>().RecordAsync(branch, MeetingBot.MemberId("13800000001"), Zhao, null, "交流学习体会", "王书记", default)).Added);
        await bot.Get<IMeetingRecords>().AttachPhotoAsync(new MeetingPhoto(meeting.Id, "photo-1", Zhao, "media-1", "https://mmbiz.qpic.cn/photo-1", now), default);
        var pointsBefore = (await bot.Get<IMemberPointsStore>().BranchPointsAsync(branch, 2026, default)).Sum(p => p.Points);
        Assert.Contains(await bot.Get<IMakeUpStore>().ListForMeetingAsync(meeting.Id, default), t => t.MemberId == Zhao);

        var from = new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero);
        var to = bot.Clock.GetUtcNow(); // past meetings: the erasure takes the member out of future ones, as leaving does
        var reportBefore = Totals(await bot.Get<AttendanceReports>().BranchAsync(branch, from, to, default));
        var rankingBefore = await RankingAsync(bot, branch);
        Assert.NotEmpty(await KeysHoldingAsync(redis, bot.Prefix, Phone, OpenId, Zhao));

        var (status, json, body) = await bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/erase", json: """{"reason":"本人于2026年10月23日书面申请删除"}""");

        Assert.True(status == HttpStatusCode.OK, body);
        var anonymous = json!["id"]!.GetValue<string>();
        Assert.NotEqual(Zhao, anonymous);
        Assert.Equal(MemberLifecycle.AnonymousName, json["name"]!.GetValue<string>());
        Assert.Empty(await KeysHoldingAsync(redis, bot.Prefix, Phone, OpenId, Zhao));

        Assert.Equal(reportBefore, Totals(await bot.Get<AttendanceReports>().BranchAsync(branch, from, to, default)));
        Assert.Equal(rankingBefore, await RankingAsync(bot, branch));
        Assert.Equal(3, (await bot.Get<IStudyStore>().ReadLedgerAsync(anonymous, default)).Sum(e => e.Points));
        Assert.Contains(anonymous, (await bot.Get<IMeetingStore>().GetAttendanceAsync(meeting.Id, default)).Select(a => a.MemberId));
        Assert.Equal(pointsBefore, (await bot.Get<IMemberPointsStore>().BranchPointsAsync(branch, 2026, default)).Sum(p => p.Points));
        Assert.Contains(await bot.Get<IMemberPointsStore>().BranchPointsAsync(branch, 2026, default), p => p.MemberId == anonymous);
        Assert.Contains(await bot.Get<IMakeUpStore>().ListForMeetingAsync(meeting.Id, default), t => t.MemberId == anonymous);
        Assert.Equal(anonymous, Assert.Single(await bot.Get<IMeetingRecords>().ListPhotosAsync(meeting.Id, default)).MemberId);
        Assert.DoesNotContain(anonymous, (await bot.Get<IMeetingStore>().GetAttendanceAsync(next.Id, default)).Select(a => a.MemberId));

        // The audit entry says what was done and to whom, by the anonymous id only.
        var entry = (await bot.Get<IAuditLog>().ListAsync(null, 50, default)).First(e => e.Action == "POST /api/members/{id}/erase");
        Assert.Equal(("id=" + anonymous, 200), (entry.Target, entry.Status));

        // The old WeChat user is a stranger now, and the history records the erasure.
        Assert.Null(await bot.Get<IMemberStore>().GetProfileAsync(OpenId, default));
        Assert.Contains(await bot.Get<IMemberLifecycleStore>().HistoryAsync(anonymous, default), e => e.Kind == MemberChangeKind.Erased);
        Assert.Empty(await bot.Get<IReminderQueue>().ListAsync(next.Id, default).ContinueWith(t => t.Result.Where(j => j.MemberId == anonymous).ToList()));
    }

    [Fact]
    public async Task Erase_TwoRequestsAtOnce_MoveEverythingToOneAnonymousId()
    {
        await using var bot = await MeetingBot.StartAsync(clock: new ManualClock(new DateTimeOffset(2026, 10, 20, 2, 0, 0, TimeSpan.Zero)));
        var branch = await bot.BranchIdAsync("测试第一支部");
        for (var i = 0; i < 5; i++)
        {
            await bot.Get<IStudyStore>().RecordAsync(new StudyRecord(Zhao, new PointsAward($"q:{Zhao}:{i}", "daily", 2, 10, bot.Clock.GetUtcNow()), null), default);
        }

        const string Body = """{"reason":"本人于2026年10月23日书面申请删除"}""";
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => bot.CallAsync(HttpMethod.Post, $"/api/members/{Zhao}/erase", json: Body)));

        Assert.Contains(answers, a => a.Item1 == HttpStatusCode.OK);
        var anonymous = (await bot.Get<IMemberStore>().QueryAsync(new MemberQuery(branch, null, null, 0, 50, Former: true), default)).Items
            .Where(m => m.Name == MemberLifecycle.AnonymousName).ToList();
        Assert.Equal(10, (await bot.Get<IStudyStore>().ReadLedgerAsync(Assert.Single(anonymous).Id, default)).Sum(e => e.Points));
        Assert.Empty(await KeysHoldingAsync(RedisServer.Shared.Configuration, bot.Prefix, Phone, OpenId, Zhao));
    }

    [Fact]
    public async Task Erase_OnTheMemoryStore_LeavesNoPhoneOpenIdOrOldIdInAnyCollection()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 10, 20, 2, 0, 0, TimeSpan.Zero));
        var store = TestStores.Memory(clock);
        await store.ImportAsync(TestStores.Roster(
            $"王书记,13800000001,测试党委/测试第一支部,第一小组,正式,书记",
            $"赵一,{Phone},测试党委/测试第一支部,第一小组,正式,党员"), default);
        var zhao = RosterPlan.MemberId(Phone);
        var branch = (await store.GetMemberAsync(zhao, default))!.BranchId;
        await store.BindOpenIdAsync(zhao, OpenId, default);
        var meeting = new Meeting("mt1", branch, null, MeetingType.PartyLecture, "党课", clock.GetUtcNow(), clock.GetUtcNow().AddHours(1), "会议室", null, null, MeetingStatus.Scheduled, 1, "secret", "test");
        await store.SaveAsync(meeting, [zhao, RosterPlan.MemberId("13800000001")], clock.GetUtcNow().AddHours(2), default);
        await store.ChangeAttendanceAsync(new AttendanceRecord("mt1", zhao, AttendanceStatus.Present, clock.GetUtcNow()), [AttendanceStatus.Pending], default);
        await store.RecordAsync(new StudyRecord(zhao, new PointsAward("q:1", "daily", 2, 10, clock.GetUtcNow()), null), default);
        await store.ApplyAsync([new RankingUpdate(zhao, branch, 2, clock.GetUtcNow())], default);
        await store.ScheduleAsync([new ReminderJob("r:mt1:" + zhao, ReminderKind.Reminder, "mt1", zhao, clock.GetUtcNow().AddDays(1), 1)], default);
        await store.AppendAsync(new AuditEntry(clock.GetUtcNow(), "org", null, "POST /api/members/{id}/binding-code", "id=" + zhao, 200, null), default);
        await store.IssueBindingCodeAsync(zhao, TimeSpan.FromDays(1), default);
        await store.SetAsync("session-like:" + OpenId, zhao, TimeSpan.FromDays(1), default);
        Assert.Contains(StringsIn(store), s => s.Contains(Phone) || s.Contains(OpenId) || s.Contains(zhao));
        var rankBefore = await store.TopAsync(RankingScope.Branch(branch), "all", 10, default);

        var outcome = await store.EraseAsync(new Erasure(zhao, "manonymous01", Phone, [OpenId], MemberLifecycle.AnonymousName,
            new MemberHistoryEntry(clock.GetUtcNow(), new DateOnly(2026, 10, 20), MemberChangeKind.Erased, "org", Note: "本人申请")), default);

        Assert.True(outcome.Found);
        Assert.DoesNotContain(StringsIn(store), s => s.Contains(Phone) || s.Contains(OpenId) || s.Contains(zhao));
        Assert.Equal(AttendanceStatus.Present, (await store.GetAttendeeAsync("mt1", "manonymous01", default))!.Status);
        Assert.Equal(2, (await store.ReadLedgerAsync("manonymous01", default)).Sum(e => e.Points));
        Assert.Equal(rankBefore.Select(r => r.Points), (await store.TopAsync(RankingScope.Branch(branch), "all", 10, default)).Select(r => r.Points));
        Assert.Equal(MemberLifecycle.AnonymousName, (await store.GetMemberAsync("manonymous01", default))!.Name);
    }

    private static (int, int, int, int, int) Totals(IReadOnlyList<MemberAttendance> rows) =>
        (rows.Sum(r => r.Expected), rows.Sum(r => r.Present), rows.Sum(r => r.Late), rows.Sum(r => r.Leave), rows.Sum(r => r.Absent));

    private static async Task<(long, int)> RankingAsync(MeetingBot bot, string branch)
    {
        var rankings = bot.Get<IRankingStore>();
        var top = await rankings.TopAsync(RankingScope.Branch(branch), StudyPeriods.AllTime, 100, default);
        return (await rankings.CountAsync(RankingScope.Branch(branch), StudyPeriods.AllTime, default), top.Sum(r => r.Points));
    }

    /// <summary>Every key under the prefix whose name or any part of its value holds one of <paramref name="needles"/>.</summary>
    private static async Task<List<string>> KeysHoldingAsync(string configuration, string prefix, params string[] needles)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var db = connection.GetDatabase();
        var found = new List<string>();
        foreach (var server in connection.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
            {
                var parts = new List<string> { key! };
                switch (await db.KeyTypeAsync(key))
                {
                    case RedisType.String: parts.Add((string?)await db.StringGetAsync(key) ?? ""); break;
                    case RedisType.Hash: parts.AddRange((await db.HashGetAllAsync(key)).SelectMany(e => new[] { (string)e.Name!, (string?)e.Value ?? "" })); break;
                    case RedisType.Set: parts.AddRange((await db.SetMembersAsync(key)).Select(v => (string)v!)); break;
                    case RedisType.SortedSet: parts.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(v => (string)v!)); break;
                    case RedisType.List: parts.AddRange((await db.ListRangeAsync(key)).Select(v => (string)v!)); break;
                    default: parts.Add("unreadable type " + await db.KeyTypeAsync(key)); break;
                }

                if (parts.Any(p => needles.Any(n => p.Contains(n, StringComparison.Ordinal))))
                {
                    found.Add(key!);
                }
            }
        }

        return found;
    }

    /// <summary>Every string reachable from the store's fields (keys, values, record members), by reflection.</summary>
    private static List<string> StringsIn(MemoryStore store)
    {
        var strings = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        void Walk(object? value, int depth)
        {
            if (value is null || depth > 12)
            {
                return;
            }

            if (value is string s)
            {
                strings.Add(s);
                return;
            }

            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || value is decimal or DateTimeOffset or DateTime or DateOnly or TimeSpan || (!type.IsValueType && !seen.Add(value)))
            {
                return;
            }

            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry e in dictionary)
                {
                    Walk(e.Key, depth + 1);
                    Walk(e.Value, depth + 1);
                }

                return;
            }

            if (value is IEnumerable items)
            {
                foreach (var item in items)
                {
                    Walk(item, depth + 1);
                }

                return;
            }

            if (type.Namespace?.StartsWith("BranchBot", StringComparison.Ordinal) == true || type.FullName?.StartsWith("System.ValueTuple", StringComparison.Ordinal) == true)
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    Walk(field.GetValue(value), depth + 1);
                }
            }
        }

        foreach (var field in typeof(MemoryStore).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
        {
            Walk(field.GetValue(store), 0);
        }

        return strings;
    }
}
