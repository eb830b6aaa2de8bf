using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BranchBot.Core.Common;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;
using Microsoft.AspNetCore.Http.HttpResults;

using BranchBot.Bot.Admin;
using BranchBot.Bot.Reminders;

namespace BranchBot.Bot.Meetings;

/// <summary>The meeting part of the admin API: meetings, check-in screen data, attendance, leave, reports, deliveries.</summary>
internal static class MeetingEndpoints
{
    public static RouteGroupBuilder MapMeetingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/meeting-form", Form);
        api.MapGet("/meetings", ListAsync);
        api.MapPost("/meetings", CreateAsync);
        api.MapGet("/reports/attendance", BranchReportAsync);
        api.MapGet("/reports/attendance.csv", BranchReportCsvAsync);

        // Every route below names a meeting: MeetingScope loads it once and refuses one outside the caller's branch.
        var meeting = api.MapScoped<Meeting>("/meetings");
        meeting.MapGet("/{id}", GetAsync);
        meeting.MapPut("/{id}", UpdateAsync);
        meeting.MapDelete("/{id}", CancelAsync);
        meeting.MapGet("/{id}/checkin-code", Code);
        meeting.MapGet("/{id}/qrcode", QrCodeAsync);
        meeting.MapGet("/{id}/attendance", AttendanceAsync);
        meeting.MapGet("/{id}/attendance.csv", AttendanceCsvAsync);
        meeting.MapPost("/{id}/attendance/{memberId}/checkin", ProxyCheckInAsync);
        meeting.MapPost("/{id}/leave/{memberId}/{decision:regex(^(approve|refuse)$)}", DecideLeaveAsync);
        meeting.MapPost("/{id}/attendance/{memberId}/{decision:regex(^(confirm|reject)$)}", VerifyCheckInAsync);
        meeting.MapGet("/{id}/deliveries", DeliveriesAsync);
        return api;
    }

    /// <summary>What the meeting pages offer and accept (types, status names, limits): the console shows these, it keeps no copy of its own.</summary>
    private static Ok<MeetingFormView> Form() => TypedResults.Ok(new MeetingFormView(
        Enum.GetValues<MeetingType>().Select(t => new Label(t.ToString(), MeetingTypes.NameOf(t))).ToList(),
        Enum.GetValues<AttendanceStatus>().Select(s => new Label(s.ToString(), MeetingsFeature.StatusName(s))).ToList(),
        Enum.GetValues<CheckInMethod>().Select(m => new Label(m.ToString(), MethodName(m))).ToList(),
        Enum.GetValues<ComplianceState>().Select(s => new Label(s.ToString().ToLowerInvariant(), ComplianceEndpoints.StatusName(s))).ToList(),
        MeetingScheduler.MaxTitleLength,
        MeetingScheduler.MaxPlaceLength));

    private static async Task<Results<Ok<List<MeetingView>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, IMeetingStore meetings, TimeProvider time, string? branchId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        if (user.BranchOrOwn(branchId) is not { } branch)
        {
            return ApiProblems.Invalid("branchId", "请指定 branchId");
        }

        var now = time.GetUtcNow();
        var list = await meetings.ListByBranchAsync(branch, from ?? now.AddDays(-90), to ?? now.AddDays(365), ct);
        return TypedResults.Ok(list.Select(m => View(m)).ToList());
    }

    private static async Task<Results<Created<MeetingView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        MeetingRequest request, ClaimsPrincipal user, MeetingScheduler scheduler, MeetingRecordService records, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.BranchId))
        {
            return ApiProblems.Invalid("branchId", "请选择党支部");
        }

        if (ToDraft(request, request.BranchId.Trim()) is not { } draft)
        {
            return UnknownType();
        }

        // 议题 are checked before the meeting is saved, so a refused list saves nothing.
        if (request.Agenda is { Count: > 0 } agenda && MeetingRecordService.CheckAgenda(agenda) is { } badAgenda)
        {
            return ApiProblems.Invalid(badAgenda);
        }

        var result = await scheduler.CreateAsync(draft, user.Caller().Name, ct);
        if (result.Meeting is { } created && request.Agenda is { Count: > 0 } items && (await records.GetAsync(created, ct)).Version == 0)
        {
            await records.EditAsync(created, new RecordEdit(Agenda: items), 0, user.Caller().Name, ct);
        }

        return result.Meeting is { } m ? TypedResults.Created($"/api/meetings/{m.Id}", View(m, result.Attendees)) : result.Invalid is { } invalid ? ApiProblems.Invalid(invalid) : ApiProblems.Conflict(result.Refused ?? "无法保存会议");
    }

    private static async Task<Ok<MeetingDetail>> GetAsync(InScope<Meeting> meeting, IMeetingStore meetings, CancellationToken ct) =>
        TypedResults.Ok(new MeetingDetail(View(meeting.Value), AttendanceCounts.Of(await meetings.GetAttendanceAsync(meeting.Value.Id, ct))));

    private static async Task<Results<Ok<MeetingView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        InScope<Meeting> meeting, MeetingRequest request, MeetingScheduler scheduler, CancellationToken ct)
    {
        if (ToDraft(request, meeting.Value.BranchId) is not { } draft)
        {
            return UnknownType();
        }

        var result = await scheduler.UpdateAsync(meeting.Value.Id, draft, ct);
        return result.Meeting is { } m ? TypedResults.Ok(View(m, result.Attendees)) : result.Invalid is { } invalid ? ApiProblems.Invalid(invalid) : ApiProblems.Conflict(result.Refused ?? "无法保存会议");
    }

    private static async Task<Results<Ok<MeetingView>, ValidationProblem, ProblemHttpResult>> CancelAsync(InScope<Meeting> meeting, MeetingScheduler scheduler, CancellationToken ct)
    {
        var result = await scheduler.CancelAsync(meeting.Value.Id, ct);
        return result.Meeting is { } m ? TypedResults.Ok(View(m)) : result.Invalid is { } invalid ? ApiProblems.Invalid(invalid) : ApiProblems.Conflict(result.Refused ?? "无法保存会议");
    }

    private static Ok<CheckInCodeView> Code(InScope<Meeting> meeting, MeetingsOptions options, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok(new CheckInCodeView(CheckInCode.At(meeting.Value, now, options.CodePeriod), CheckInCode.SecondsLeft(now, options.CodePeriod)));
    }

    private static async Task<Results<Ok<QrCodeView>, ProblemHttpResult>> QrCodeAsync(InScope<Meeting> meeting, IQrCodes codes, MeetingsOptions options, TimeProvider time, CancellationToken ct)
    {
        // The scene rotates (CheckInScene): the screen fetches a new code when this one's period ends.
        var now = time.GetUtcNow();
        var qr = await codes.CreateAsync(CheckInScene.At(meeting.Value, now, options.QrScenePeriod), options.QrScenePeriod * 2, ct);
        return qr.Error is null
            ? TypedResults.Ok(new QrCodeView(qr.ImageUrl, qr.Ticket, qr.Scene, qr.ExpiresAt, CheckInScene.SecondsLeft(now, options.QrScenePeriod)))
            : ApiProblems.BadGateway(qr.Error);
    }

    private static async Task<Ok<AttendanceView>> AttendanceAsync(InScope<Meeting> meeting, IMeetingStore meetings, IMemberStore members, CancellationToken ct)
    {
        var records = await meetings.GetAttendanceAsync(meeting.Value.Id, ct);
        var roster = (await members.GetManyAsync(records.Select(r => r.MemberId).ToList(), ct)).ToDictionary(m => m.Id);
        var quorum = Quorum.Applies(meeting.Value) ? Quorum.Of(records, id => roster.GetValueOrDefault(id)?.HasVote ?? false) : null;
        return TypedResults.Ok(new AttendanceView(AttendanceCounts.Of(records), records.Select(r => new AttendanceRow(
            r.MemberId, roster.GetValueOrDefault(r.MemberId)?.Name, r.Status.ToString(), MeetingsFeature.StatusName(r.Status), r.CheckedInAt,
            r.Method?.ToString(), r.Method is { } method ? MethodName(method) : null, r.LeaveReason,
            roster.GetValueOrDefault(r.MemberId) is { } m ? MemberPosts.NameOf(m.EffectivePost) : null, roster.GetValueOrDefault(r.MemberId)?.HasVote ?? false)).ToList(),
            quorum is null ? null : new QuorumView(quorum.Expected, quorum.Present, quorum.ForVote, quorum.ForElection, quorum.Line)));
    }

    private static async Task<FileContentHttpResult> AttendanceCsvAsync(InScope<Meeting> meeting, AttendanceReports reports, CancellationToken ct) =>
        TypedResults.File(await reports.MeetingCsvAsync(meeting.Value, ct), "text/csv; charset=utf-8", $"attendance-{meeting.Value.Id}.csv");

    private static async Task<Results<Ok<AttendanceChange>, ProblemHttpResult>> ProxyCheckInAsync(
        InScope<Meeting> meeting, string memberId, IMeetingStore meetings, AttendanceService attendance, CancellationToken ct)
    {
        var reply = await attendance.CheckInAsync(meeting.Value, memberId, CheckInMethod.BySecretary, ct);
        var record = await meetings.GetAttendeeAsync(meeting.Value.Id, memberId, ct);
        return record is null ? ApiProblems.NotFound("这位党员不在参会名单中") : TypedResults.Ok(new AttendanceChange(reply.Changed, reply.Text, record.Status.ToString()));
    }

    private static async Task<Ok<AttendanceChange>> DecideLeaveAsync(InScope<Meeting> meeting, string memberId, string decision, AttendanceService attendance, CancellationToken ct)
    {
        var reply = await attendance.DecideLeaveAsync(meeting.Value, memberId, decision == "approve", ct);
        return TypedResults.Ok(new AttendanceChange(reply.Changed, reply.Text, null));
    }

    /// <summary>Confirms or rejects a 待核实 check-in (a location picked on the map).</summary>
    private static async Task<Results<Ok<AttendanceChange>, ProblemHttpResult>> VerifyCheckInAsync(
        InScope<Meeting> meeting, string memberId, string decision, IMeetingStore meetings, AttendanceService attendance, CancellationToken ct)
    {
        var reply = await attendance.VerifyCheckInAsync(meeting.Value, memberId, decision == "confirm", ct);
        var record = await meetings.GetAttendeeAsync(meeting.Value.Id, memberId, ct);
        return record is null ? ApiProblems.NotFound("这位党员不在参会名单中") : TypedResults.Ok(new AttendanceChange(reply.Changed, reply.Text, record.Status.ToString()));
    }

    private static async Task<Ok<MeetingDeliveries>> DeliveriesAsync(InScope<Meeting> meeting, IReminderQueue queue, CancellationToken ct)
    {
        var id = meeting.Value.Id;
        var outcomes = await queue.ListOutcomesAsync(id, ct);
        var queued = await queue.ListAsync(id, ct);
        return TypedResults.Ok(new MeetingDeliveries(
            queued.Select(j => new QueuedNotice(j.Id, j.Kind.ToString(), DeliveryLabels.KindName(j.Kind), j.MemberId, j.Due, j.Attempt)).ToList(),
            outcomes.Select(o => new NoticeOutcome(o.JobId, o.Kind.ToString(), DeliveryLabels.KindName(o.Kind), o.MemberId, o.Channel?.ToString(),
                DeliveryLabels.ChannelName(o.Channel), o.Status.ToString(), DeliveryLabels.StatusName(o.Status, o.Channel), o.Detail, o.At)).ToList()));
    }

    private static async Task<Results<Ok<IReadOnlyList<MemberAttendance>>, ValidationProblem>> BranchReportAsync(
        ClaimsPrincipal user, AttendanceReports reports, TimeProvider time, string? branchId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        if (user.BranchOrOwn(branchId) is not { } branch)
        {
            return ApiProblems.Invalid("branchId", "请指定 branchId");
        }

        var now = time.GetUtcNow();
        return TypedResults.Ok(await reports.BranchAsync(branch, from ?? now.AddDays(-90), to ?? now, ct));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> BranchReportCsvAsync(
        ClaimsPrincipal user, AttendanceReports reports, TimeProvider time, string? branchId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        await BranchReportFileAsync(user, reports, time, branchId, from, to, table => table.ToCsv(), "text/csv; charset=utf-8", "csv", ct);

    /// <summary>The branch's attendance report over [from, to) (default the last 90 days), written by <paramref name="write"/>: CSV and XLSX share it.</summary>
    internal static async Task<Results<FileContentHttpResult, ValidationProblem>> BranchReportFileAsync(
        ClaimsPrincipal user, AttendanceReports reports, TimeProvider time, string? branchId, DateTimeOffset? from, DateTimeOffset? to,
        Func<ReportTable, byte[]> write, string contentType, string extension, CancellationToken ct)
    {
        if (user.BranchOrOwn(branchId) is not { } branch)
        {
            return ApiProblems.Invalid("branchId", "请指定 branchId");
        }

        var now = time.GetUtcNow();
        var rows = await reports.BranchAsync(branch, from ?? now.AddDays(-90), to ?? now, ct);
        return TypedResults.File(write(AttendanceReports.BranchTable(rows)), contentType, $"attendance-{branch}.{extension}");
    }

    private static ValidationProblem UnknownType() =>
        ApiProblems.Invalid("type", "type 不认识（可用：" + string.Join("、", Enum.GetValues<MeetingType>().Select(MeetingTypes.NameOf)) + "）");

    private static MeetingDraft? ToDraft(MeetingRequest r, string branchId)
    {
        var type = Enum.TryParse<MeetingType>(r.Type, ignoreCase: true, out var t) && Enum.IsDefined(t) ? t : MeetingTypes.Parse(r.Type ?? string.Empty);
        if (type is null)
        {
            return null;
        }

        var fence = r.Fence is { } f ? new GeoFence(f.Latitude, f.Longitude, f.RadiusMeters) : null;
        return new MeetingDraft(branchId, type.Value, r.Start!.Value, r.Place ?? string.Empty, r.End, r.Title, Blank(r.GroupId), fence, Blank(r.HostMemberId), r.AttendeeIds);
    }

    private static string? Blank(string? id) => string.IsNullOrWhiteSpace(id) ? null : id.Trim();

    private static string MethodName(CheckInMethod method) => method switch
    {
        CheckInMethod.Code => "签到码",
        CheckInMethod.QrCode => "扫码",
        CheckInMethod.Location => "定位",
        _ => "代签",
    };

    private static MeetingView View(Meeting m, int? attendees = null) => new(m.Id, m.BranchId, m.GroupId, m.Type.ToString(), MeetingTypes.NameOf(m.Type), m.Title, m.Start, m.End,
        ChinaTime.Format(m.Start), m.Place, m.Fence, m.HostMemberId, m.Status.ToString(), m.Status == MeetingStatus.Cancelled ? "已取消" : "已安排", m.Version, attendees);

    /// <summary>The meeting form. <c>type</c> is a <see cref="MeetingType"/> name or its Chinese name (<c>GET /api/meeting-form</c>).</summary>
    internal sealed record MeetingRequest(
        string? BranchId,
        string? Type,
        string? Title,
        [property: Required(ErrorMessage = "请选择开始时间")] DateTimeOffset? Start,
        DateTimeOffset? End,
        string? Place,
        string? GroupId,
        FenceRequest? Fence,
        string? HostMemberId,
        IReadOnlyList<string>? AttendeeIds,
        IReadOnlyList<string>? Agenda = null) : IBranchScoped;

    internal sealed record FenceRequest(double Latitude, double Longitude, double RadiusMeters);

    internal sealed record MeetingView(string Id, string BranchId, string? GroupId, string Type, string TypeName, string Title, DateTimeOffset Start, DateTimeOffset End,
        string StartText, string Place, GeoFence? Fence, string? HostMemberId, string Status, string StatusName, long Version, int? Attendees);

    internal sealed record MeetingDetail(MeetingView Meeting, AttendanceCounts Counts);

    internal sealed record Label(string Value, string Name);

    internal sealed record MeetingFormView(IReadOnlyList<Label> Types, IReadOnlyList<Label> AttendanceStatuses, IReadOnlyList<Label> CheckInMethods,
        IReadOnlyList<Label> ComplianceStatuses, int MaxTitleLength, int MaxPlaceLength);

    internal sealed record CheckInCodeView(string Code, int SecondsLeft);

    internal sealed record QrCodeView(string? ImageUrl, string? Ticket, string? Scene, DateTimeOffset? ExpiresAt, int RefreshSeconds);

    internal sealed record AttendanceRow(string MemberId, string? Name, string Status, string StatusName, DateTimeOffset? CheckedInAt, string? Method, string? MethodName, string? LeaveReason,
        string? PostName, bool HasVote);

    /// <summary>A 支部党员大会's quorum: 有表决权 (正式党员) 应到 and 实到, and whether a vote (over half) or an election (over four fifths) may proceed.</summary>
    internal sealed record QuorumView(int Expected, int Present, bool ForVote, bool ForElection, string Line);

    internal sealed record AttendanceView(AttendanceCounts Counts, IReadOnlyList<AttendanceRow> Records, QuorumView? Quorum);

    internal sealed record AttendanceChange(bool Changed, string Message, string? Status);

    internal sealed record QueuedNotice(string Id, string Kind, string KindName, string MemberId, DateTimeOffset Due, int Attempt);

    internal sealed record NoticeOutcome(string JobId, string Kind, string KindName, string MemberId, string? Channel, string? ChannelName, string Status, string StatusName, string? Detail, DateTimeOffset At);

    internal sealed record MeetingDeliveries(IReadOnlyList<QueuedNotice> Queued, IReadOnlyList<NoticeOutcome> Outcomes);
}

/// <summary>Finds the meeting of <c>/meetings/{id}</c>; its branch is its scope.</summary>
internal sealed class MeetingScope(IMeetingStore meetings) : IScopedLoader<Meeting>
{
    public string RouteKey => "id";

    public string Missing => "找不到这个会议";

    public Task<Meeting?> FindAsync(string id, CancellationToken cancellationToken) => meetings.GetMeetingAsync(id, cancellationToken);

    public object ScopeOf(Meeting resource) => new BranchScope(resource.BranchId);
}
