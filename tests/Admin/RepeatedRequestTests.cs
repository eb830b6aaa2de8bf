using System.Net;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Study;
using BranchBot.Tests.Meetings;
using BranchBot.Tests.Study;

namespace BranchBot.Tests.Admin;

/// <summary>A console button clicked twice (or by two people at once) has its effect once.</summary>
public sealed class RepeatedRequestTests : IAsyncLifetime
{
    private MeetingBot _bot = null!;

    public async Task InitializeAsync() => _bot = await MeetingBot.StartAsync(new Dictionary<string, string?> { ["Competitions:RunTicker"] = "false" });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Json, string Body)>[] Clicks(int times, HttpMethod method, string path, string? json = null) =>
        Enumerable.Range(0, times).Select(_ => _bot.CallAsync(method, path, json: json)).ToArray();

    [Fact]
    public async Task BindingCode_IssuedAgain_WithdrawsTheEarlierCode()
    {
        var qian = MeetingBot.MemberId("13800000003");
        var first = (await _bot.CallAsync(HttpMethod.Post, $"/api/members/{qian}/binding-code")).Json!["code"]!.GetValue<string>();
        var second = (await _bot.CallAsync(HttpMethod.Post, $"/api/members/{qian}/binding-code")).Json!["code"]!.GetValue<string>();

        Assert.Contains("绑定码", await _bot.SayAsync("oStranger", "绑定 " + first));
        Assert.Null((await _bot.Get<IMemberStore>().GetMemberAsync(qian, default))!.OpenId);
        Assert.Contains("绑定成功", await _bot.SayAsync("oQian", "绑定 " + second));
        Assert.Equal("oQian", (await _bot.Get<IMemberStore>().GetMemberAsync(qian, default))!.OpenId);
    }

    [Fact]
    public async Task CompetitionStart_ClickedThreeTimesAtOnce_StartsOnce()
    {
        await _bot.Get<IQuestionStore>().UpsertAsync(QuestionBankParser.ParseJson(StudyBot.Bank).Rows, default);
        await _bot.Get<QuestionBankCache>().RefreshAsync(default);
        var branch1 = await _bot.BranchIdAsync("测试第一支部");
        var room = (await _bot.CallAsync(HttpMethod.Post, "/api/competitions", json: $$"""{"branchId":"{{branch1}}","questions":2,"manual":true}""")).Json!;
        Assert.Contains("已加入", await _bot.SayAsync("oZhaoYi", "参赛 " + room["code"]!.GetValue<string>()));

        var clicks = await Task.WhenAll(Clicks(3, HttpMethod.Post, $"/api/competitions/{room["id"]!.GetValue<string>()}/start"));
        Assert.Single(clicks, c => c.Status == HttpStatusCode.OK);
        Assert.All(clicks.Where(c => c.Status != HttpStatusCode.OK), c => Assert.Equal(HttpStatusCode.Conflict, c.Status));
    }

    [Fact]
    public async Task LeaveApproval_ClickedTwiceAtOnce_ChangesOnce()
    {
        var meeting = await _bot.ScheduleAsync(TimeSpan.FromDays(2));
        var zhao = MeetingBot.MemberId("13800000002");
        Assert.True((await _bot.Get<AttendanceService>().RequestLeaveAsync(meeting, zhao, "出差", default)).Changed);

        var clicks = await Task.WhenAll(Clicks(2, HttpMethod.Post, $"/api/meetings/{meeting.Id}/leave/{zhao}/approve"));
        Assert.All(clicks, c => Assert.Equal(HttpStatusCode.OK, c.Status));
        Assert.Single(clicks, c => c.Json!["changed"]!.GetValue<bool>());
        Assert.Equal(AttendanceStatus.OnLeave, (await _bot.Get<IMeetingStore>().GetAttendeeAsync(meeting.Id, zhao, default))!.Status);
    }

    [Fact]
    public async Task Account_CreatedThreeTimesAtOnce_OneIsCreatedTheOthersAre409()
    {
        var clicks = await Task.WhenAll(Clicks(3, HttpMethod.Post, "/api/accounts", """{"name":"zhang","password":"zhang-password"}"""));
        Assert.Single(clicks, c => c.Status == HttpStatusCode.Created);
        Assert.Equal(2, clicks.Count(c => c.Status == HttpStatusCode.Conflict && c.Json!.ErrorField() == "name"));
        Assert.Single((await _bot.GetAsync("/api/accounts")).Json!.AsArray());
    }
}
