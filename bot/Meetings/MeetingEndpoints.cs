using System.Globalization;
using System.Text.Json;
using BranchBot.Core.Meetings;
using BranchBot.Core.Members;
using BranchBot.Core.Reminders;

using BranchBot.Bot.Admin;

namespace BranchBot.Bot.Meetings;

/// <summary>The meeting part of the admin API: meetings, check-in screen data, attendance, leave, reports, deliveries.</summary>
internal static class MeetingEndpoints
{
    private static readonly JsonSerializerOptions Json = ApiErrors.Json;

    public static RouteGroupBuilder MapMeetingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/meetings", ListAsync);
        api.MapPost("/meetings", CreateAsync);
        api.MapGet("/meetings/{id}", GetAsync);
        api.MapPut("/meetings/{id}", UpdateAsync);
        api.MapDelete("/meetings/{id}", CancelAsync);
        api.MapGet("/meetings/{id}/checkin-code", CodeAsync);
        api.MapGet("/meetings/{id}/qrcode", QrCodeAsync);
        api.MapGet("/meetings/{id}/attendance", AttendanceAsync);
        api.MapGet("/meetings/{id}/attendance.csv", AttendanceCsvAsync);
        api.MapPost("/meetings/{id}/attendance/{memberId}/checkin", ProxyCheckInAsync);
        api.MapPost("/meetings/{id}/leave/{memberId}/{decision}", DecideLeaveAsync);
        api.MapPost("/meetings/{id}/attendance/{memberId}/{decision:regex(^(confirm|reject)$)}", VerifyCheckInAsync);
        api.MapGet("/meetings/{id}/deliveries", DeliveriesAsync);
        api.MapGet("/reports/attendance", BranchReportAsync);
        api.MapGet("/reports/attendance.csv", BranchReportCsvAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, IMeetingStore meetings, TimeProvider time, string? branchId, string? from, string? to, CancellationToken ct)
    {
        if (BranchOf(http, branchId) is not { } branch)
        {
            return BranchError(http, branchId);
        }

        var now = time.GetUtcNow();
        var (range, error) = ApiRequests.Range(from, to, now.AddDays(-90), now.AddDays(365));
        if (error is not null)
        {
            return error;
        }

        var list = await meetings.ListByBranchAsync(branch, range.From, range.To, ct);
        return Results.Json(list.Select(View), Json);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, MeetingScheduler scheduler, CancellationToken ct)
    {
        var (request, error) = await ReadAsync(http);
        if (request is null)
        {
            return error!;
        }

        if (request.BranchId is null || !http.Caller().MaySee(request.BranchId))
        {
            return request.BranchId is null ? ApiErrors.BadRequest("branchId 必填") : ApiErrors.Forbidden();
        }

        if (ToDraft(request, request.BranchId) is not { } draft)
        {
            return ApiErrors.BadRequest("type 不认识（可用：" + string.Join("、", Enum.GetNames<MeetingType>()) + " 或中文名称）");
        }

        var result = await scheduler.CreateAsync(draft, http.Caller().Name, ct);
        return result.Meeting is { } m ? Results.Json(View(m) with { Attendees = result.Attendees }, Json, statusCode: 201) : ApiErrors.BadRequest(result.Error!);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, IMeetingStore meetings, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        var counts = AttendanceCounts.Of(await meetings.GetAttendanceAsync(id, ct));
        return Results.Json(new { meeting = View(meeting), counts }, Json);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, IMeetingStore meetings, MeetingScheduler scheduler, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        var (request, error) = await ReadAsync(http);
        if (request is null)
        {
            return error!;
        }

        if (ToDraft(request, meeting.BranchId) is not { } draft)
        {
            return ApiErrors.BadRequest("type 不认识");
        }

        var result = await scheduler.UpdateAsync(id, draft, ct);
        return result.Meeting is { } m ? Results.Json(View(m) with { Attendees = result.Attendees }, Json) : ApiErrors.BadRequest(result.Error!);
    }

    private static async Task<IResult> CancelAsync(HttpContext http, string id, IMeetingStore meetings, MeetingScheduler scheduler, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        var result = await scheduler.CancelAsync(id, ct);
        return result.Meeting is { } m ? Results.Json(View(m), Json) : ApiErrors.BadRequest(result.Error!);
    }

    private static async Task<IResult> CodeAsync(HttpContext http, string id, IMeetingStore meetings, MeetingsOptions options, TimeProvider time, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        var now = time.GetUtcNow();
        return Results.Json(new { code = CheckInCode.At(meeting, now, options.CodePeriod), secondsLeft = CheckInCode.SecondsLeft(now, options.CodePeriod) }, Json);
    }

    private static async Task<IResult> QrCodeAsync(HttpContext http, string id, IMeetingStore meetings, IQrCodes codes, MeetingsOptions options, TimeProvider time, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        // The scene rotates (CheckInScene): the screen fetches a new code when this one's period ends.
        var now = time.GetUtcNow();
        var qr = await codes.CreateAsync(CheckInScene.At(meeting, now, options.QrScenePeriod), options.QrScenePeriod * 2, ct);
        return qr.Error is null
            ? Results.Json(new { qr.ImageUrl, qr.Ticket, qr.Scene, qr.ExpiresAt, refreshSeconds = CheckInScene.SecondsLeft(now, options.QrScenePeriod) }, Json)
            : Results.Json(new { error = qr.Error }, statusCode: 502);
    }

    private static async Task<IResult> AttendanceAsync(HttpContext http, string id, IMeetingStore meetings, IMemberStore members, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        var records = await meetings.GetAttendanceAsync(id, ct);
        var names = (await members.GetManyAsync(records.Select(r => r.MemberId).ToList(), ct)).ToDictionary(m => m.Id, m => m.Name);
        return Results.Json(new
        {
            counts = AttendanceCounts.Of(records),
            records = records.Select(r => new { r.MemberId, name = names.GetValueOrDefault(r.MemberId), status = r.Status.ToString(), statusName = MeetingsFeature.StatusName(r.Status), r.CheckedInAt, method = r.Method?.ToString(), r.LeaveReason }),
        }, Json);
    }

    private static async Task<IResult> AttendanceCsvAsync(HttpContext http, string id, IMeetingStore meetings, AttendanceReports reports, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        return Results.File(await reports.MeetingCsvAsync(meeting, ct), "text/csv; charset=utf-8", $"attendance-{meeting.Id}.csv");
    }

    private static async Task<IResult> ProxyCheckInAsync(HttpContext http, string id, string memberId, IMeetingStore meetings, AttendanceService attendance, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        var reply = await attendance.CheckInAsync(meeting, memberId, CheckInMethod.BySecretary, ct);
        var record = await meetings.GetAttendeeAsync(id, memberId, ct);
        return record is null ? ApiErrors.NotFound("这位党员不在参会名单中") : Results.Json(new { changed = reply.Changed, message = reply.Text, status = record.Status.ToString() }, Json);
    }

    private static async Task<IResult> DecideLeaveAsync(HttpContext http, string id, string memberId, string decision, IMeetingStore meetings, AttendanceService attendance, CancellationToken ct)
    {
        if (decision is not ("approve" or "refuse"))
        {
            return ApiErrors.NotFound("decision 只能是 approve 或 refuse");
        }

        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        var reply = await attendance.DecideLeaveAsync(meeting, memberId, decision == "approve", ct);
        return Results.Json(new { changed = reply.Changed, message = reply.Text }, Json);
    }

    /// <summary>Confirms or rejects a 待核实 check-in (a location picked on the map).</summary>
    private static async Task<IResult> VerifyCheckInAsync(HttpContext http, string id, string memberId, string decision, IMeetingStore meetings, AttendanceService attendance, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        var reply = await attendance.VerifyCheckInAsync(meeting, memberId, decision == "confirm", ct);
        var record = await meetings.GetAttendeeAsync(id, memberId, ct);
        return record is null ? ApiErrors.NotFound("这位党员不在参会名单中") : Results.Json(new { changed = reply.Changed, message = reply.Text, status = record.Status.ToString() }, Json);
    }

    private static async Task<IResult> DeliveriesAsync(HttpContext http, string id, IMeetingStore meetings, IReminderQueue queue, CancellationToken ct)
    {
        var (meeting, denied) = await FindAsync(http, meetings, id, ct);
        if (meeting is null)
        {
            return denied!;
        }

        var outcomes = await queue.ListOutcomesAsync(id, ct);
        var queued = await queue.ListAsync(id, ct);
        return Results.Json(new
        {
            queued = queued.Select(j => new { j.Id, kind = j.Kind.ToString(), j.MemberId, j.Due, j.Attempt }),
            outcomes = outcomes.Select(o => new { o.JobId, kind = o.Kind.ToString(), o.MemberId, channel = o.Channel?.ToString(), status = o.Status.ToString(), o.Detail, o.At }),
        }, Json);
    }

    private static async Task<IResult> BranchReportAsync(HttpContext http, AttendanceReports reports, TimeProvider time, string? branchId, string? from, string? to, CancellationToken ct)
    {
        if (BranchOf(http, branchId) is not { } branch)
        {
            return BranchError(http, branchId);
        }

        var now = time.GetUtcNow();
        var (range, error) = ApiRequests.Range(from, to, now.AddDays(-90), now);
        if (error is not null)
        {
            return error;
        }

        return Results.Json(await reports.BranchAsync(branch, range.From, range.To, ct), Json);
    }

    private static async Task<IResult> BranchReportCsvAsync(HttpContext http, AttendanceReports reports, TimeProvider time, string? branchId, string? from, string? to, CancellationToken ct)
    {
        if (BranchOf(http, branchId) is not { } branch)
        {
            return BranchError(http, branchId);
        }

        var now = time.GetUtcNow();
        var (range, error) = ApiRequests.Range(from, to, now.AddDays(-90), now);
        if (error is not null)
        {
            return error;
        }

        var rows = await reports.BranchAsync(branch, range.From, range.To, ct);
        return Results.File(AttendanceReports.BranchCsv(rows), "text/csv; charset=utf-8", $"attendance-{branch}.csv");
    }

    /// <summary>The branch asked for (or the key's own branch) if the caller may see it; null otherwise.</summary>
    private static string? BranchOf(HttpContext http, string? branchId) =>
        (branchId ?? http.Caller().BranchId) is { } branch && http.Caller().MaySee(branch) ? branch : null;

    private static IResult BranchError(HttpContext http, string? branchId) =>
        (branchId ?? http.Caller().BranchId) is null ? ApiErrors.BadRequest("请指定 branchId") : ApiErrors.Forbidden();

    private static async Task<(Meeting? Meeting, IResult? Denied)> FindAsync(HttpContext http, IMeetingStore meetings, string id, CancellationToken ct)
    {
        var meeting = await meetings.GetMeetingAsync(id, ct);
        if (meeting is null)
        {
            return (null, ApiErrors.NotFound("找不到这个会议"));
        }

        return http.Caller().MaySee(meeting.BranchId) ? (meeting, null) : (null, ApiErrors.Forbidden());
    }

    /// <summary>The meeting form; an attendee list of a large branch fits well within the limit.</summary>
    private static Task<(MeetingRequest? Value, IResult? Error)> ReadAsync(HttpContext http) => ApiJson.ReadAsync<MeetingRequest>(http, 256 * 1024);

    private static MeetingDraft? ToDraft(MeetingRequest r, string branchId)
    {
        var type = Enum.TryParse<MeetingType>(r.Type, ignoreCase: true, out var t) && Enum.IsDefined(t) ? t : MeetingTypes.Parse(r.Type ?? string.Empty);
        if (type is null)
        {
            return null;
        }

        var fence = r.Fence is { } f ? new GeoFence(f.Latitude, f.Longitude, f.RadiusMeters) : null;
        return new MeetingDraft(branchId, type.Value, r.Start ?? DateTimeOffset.MinValue, r.Place ?? string.Empty, r.End, r.Title, Blank(r.GroupId), fence, Blank(r.HostMemberId), r.AttendeeIds);
    }

    private static string? Blank(string? id) => string.IsNullOrWhiteSpace(id) ? null : id.Trim();

    private static MeetingView View(Meeting m) => new(m.Id, m.BranchId, m.GroupId, m.Type.ToString(), MeetingTypes.NameOf(m.Type), m.Title, m.Start, m.End,
        ChinaTime.Format(m.Start), m.Place, m.Fence, m.HostMemberId, m.Status.ToString(), m.Version, null);

    private sealed record MeetingRequest(string? BranchId, string? Type, string? Title, DateTimeOffset? Start, DateTimeOffset? End, string? Place,
        string? GroupId, FenceRequest? Fence, string? HostMemberId, IReadOnlyList<string>? AttendeeIds);

    private sealed record FenceRequest(double Latitude, double Longitude, double RadiusMeters);

    private sealed record MeetingView(string Id, string BranchId, string? GroupId, string Type, string TypeName, string Title, DateTimeOffset Start, DateTimeOffset End,
        string StartText, string Place, GeoFence? Fence, string? HostMemberId, string Status, long Version, int? Attendees);
}
